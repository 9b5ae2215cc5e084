//! Sentence boundaries in the folded text of one block.
//!
//! Owns the splitting rules and the abbreviation lists; it sees plain text only (no Markdown, no offsets into
//! the draft). A boundary needs a terminator (`.`, `!`, `?`), optional closing quotes or brackets, whitespace,
//! and a next word that can start a sentence (upper case, a digit, an opening quote or bracket, or a letter
//! of a script without case). A full stop does not end a sentence after a title ("Dr."), an initial ("K."),
//! a dotted abbreviation ("U.S.", "p.m.") unless a common sentence opener follows, a word that precedes a
//! number ("No. 5", "Jan. 2026") when a number follows; an ellipsis never ends one. The invariant: returned
//! ranges are in order, disjoint, trimmed, on character boundaries, each holds a letter or a digit, and the
//! work is linear in the length of the text (every look-back is bounded).

use std::ops::Range;

/// Never the end of a sentence: a name follows.
const TITLES: &[&str] = &[
    "adm", "amb", "atty", "capt", "cmdr", "col", "cpl", "det", "dr", "fr", "ft", "gen", "gov", "hon", "insp", "lt",
    "maj", "messrs", "mme", "mlle", "mr", "mrs", "ms", "mt", "pres", "prof", "pvt", "rep", "rev", "sen", "sgt", "st",
    "ste", "sts", "supt", "vs", "cf", "viz",
];

/// Not the end of a sentence when a number follows ("No. 5", "Jan. 2026", "pp. 4-7").
const BEFORE_NUMBER: &[&str] = &[
    "no", "nos", "nr", "vol", "vols", "fig", "figs", "p", "pp", "art", "arts", "sec", "ch", "chap", "para", "eq", "op",
    "approx", "ca", "est", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

/// Can end a sentence, so they do so only when a word that usually opens one follows ("etc. The").
const MAY_END: &[&str] = &["etc", "inc", "ltd", "co", "corp", "bros", "jr", "sr", "al", "esq", "dept", "univ"];

/// Words that open sentences far more often than they follow an abbreviation inside one.
const OPENERS: &[&str] = &[
    "a",
    "after",
    "all",
    "also",
    "an",
    "and",
    "as",
    "at",
    "before",
    "both",
    "but",
    "by",
    "during",
    "each",
    "for",
    "from",
    "he",
    "her",
    "his",
    "however",
    "i",
    "if",
    "in",
    "it",
    "its",
    "many",
    "meanwhile",
    "most",
    "my",
    "no",
    "not",
    "now",
    "on",
    "one",
    "our",
    "she",
    "since",
    "so",
    "some",
    "still",
    "that",
    "the",
    "their",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "though",
    "thus",
    "to",
    "under",
    "we",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "why",
    "with",
    "yet",
    "you",
];

const CLOSERS: &str = "\"')]}\u{2019}\u{201d}\u{bb}";
const OPENING: &str = "\"'([{\u{2018}\u{201c}\u{ab}\u{bf}\u{a1}";

/// A word looked at for abbreviations is never longer than this; longer ones are ordinary words.
const MAX_WORD: usize = 32;

/// The sentences of `text`, as byte ranges.
pub(super) fn split(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < text.len() {
        let c = text[i..].chars().next().unwrap_or(' ');
        if !matches!(c, '.' | '!' | '?' | '\u{2026}') {
            i += c.len_utf8();
            continue;
        }
        let run_end = i + text[i..].find(|c| !matches!(c, '.' | '!' | '?' | '\u{2026}')).unwrap_or(text.len() - i);
        let end = run_end + text[run_end..].find(|c| !CLOSERS.contains(c)).unwrap_or(text.len() - run_end);
        let next = end + text[end..].find(|c: char| !c.is_whitespace()).unwrap_or(text.len() - end);
        if next > end && next < text.len() && ends_sentence(text, i, &text[i..run_end], &text[next..]) {
            push(&mut out, text, start..end);
            start = next;
        }
        i = next.max(run_end);
    }
    push(&mut out, text, start..text.len());
    out
}

fn push(out: &mut Vec<Range<usize>>, text: &str, range: Range<usize>) {
    let s = &text[range.clone()];
    let trimmed = s.trim();
    if trimmed.chars().any(char::is_alphanumeric) {
        let start = range.start + (s.len() - s.trim_start().len());
        out.push(start..start + trimmed.len());
    }
}

/// Whether the terminator `run` at `at`, followed by whitespace and then `rest`, ends a sentence.
fn ends_sentence(text: &str, at: usize, run: &str, rest: &str) -> bool {
    let first = rest.chars().next().unwrap_or(' ');
    let opens = first.is_uppercase()
        || first.is_numeric()
        || OPENING.contains(first)
        || (first.is_alphabetic() && !first.is_lowercase());
    if !opens || run.contains("..") || run.contains('\u{2026}') {
        return false;
    }
    if run.contains(['!', '?']) {
        return true;
    }
    let word = word_before(text, at);
    let lower = word.to_lowercase();
    let next: String = rest.chars().take_while(|c| c.is_alphabetic()).take(MAX_WORD).collect::<String>().to_lowercase();
    let opener = OPENERS.contains(&next.as_str());
    if word.is_empty() || word.len() > MAX_WORD {
        return true;
    }
    if word.contains('.') || MAY_END.contains(&lower.as_str()) {
        return opener;
    }
    if word.chars().count() == 1 && word.chars().all(char::is_alphabetic) {
        // An initial ("Kassym-Jomart K. Tokayev") or a lettered item.
        return false;
    }
    if TITLES.contains(&lower.as_str()) {
        return false;
    }
    if BEFORE_NUMBER.contains(&lower.as_str()) {
        return !first.is_numeric();
    }
    true
}

/// The word that ends at `at`, without leading quotes or brackets; empty when it is longer than [`MAX_WORD`].
fn word_before(text: &str, at: usize) -> &str {
    let mut from = at;
    for (i, c) in text[..at].char_indices().rev() {
        if c.is_whitespace() {
            break;
        }
        if at - i > MAX_WORD {
            return "";
        }
        from = i;
    }
    text[from..at].trim_start_matches(|c| OPENING.contains(c))
}

#[cfg(test)]
mod tests {
    use super::split;

    fn sentences(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|r| &text[r]).collect()
    }

    #[track_caller]
    fn one(text: &str) {
        assert_eq!(sentences(text), vec![text]);
    }

    #[test]
    fn abbreviations_and_initials_do_not_end_sentences() {
        one("The U.S. embassy in Astana opened in Jan. 2026 after months of talks.");
        one("Pope Francis said Mass on the feast of Sts. Peter and Paul and at Ste. Anne in the afternoon.");
        one("Dr. Aliyeva met Mr. Grant and Mrs. Ospanova on St. Nicholas Street.");
        one("Resolution No. 5 passed with 61 votes.");
        one("President Kassym-Jomart K. Tokayev signed the decree.");
        one("Polls closed at 3 p.m. on Sunday in every region.");
        one("Several states, e.g. Morocco and Sudan, joined earlier.");
        one("The accords, i.e. the 2020 agreements, set the terms.");
        one("Trade, tourism, etc. were on the agenda in Washington.");
        one("Gen. Ermekbayev and Sen. Kaine spoke, cf. Fig. 3 and pp. 4-7.");
        one("The ministry (Dept. of Trade) agreed.");
    }

    #[test]
    fn numbers_and_ellipses_do_not_end_sentences() {
        one("Growth slowed to 3.5 percent while spending rose by $1.2 billion.");
        one("The minister paused... Then she read the figures aloud.");
        one("Turnout was low\u{2026} Observers blamed the weather.");
        one("Version 2.0.1 of the budget tool shipped.");
    }

    #[test]
    fn ends_at_terminators_before_a_capital_quote_or_digit() {
        assert_eq!(
            sentences("Kazakhstan joined the accords. Israel welcomed it! Will others follow? 2026 will tell."),
            vec!["Kazakhstan joined the accords.", "Israel welcomed it!", "Will others follow?", "2026 will tell."]
        );
        assert_eq!(
            sentences("He said \"it was over.\" Then he left. (The vote was final.) \u{201c}Yes,\u{201d} she said."),
            vec![
                "He said \"it was over.\"",
                "Then he left.",
                "(The vote was final.)",
                "\u{201c}Yes,\u{201d} she said."
            ]
        );
        assert_eq!(
            sentences("Turnout rose. \u{627}\u{644}\u{646}\u{62a}\u{627}\u{626}\u{62c} ready."),
            vec!["Turnout rose.", "\u{627}\u{644}\u{646}\u{62a}\u{627}\u{626}\u{62c} ready."]
        );
    }

    #[test]
    fn abbreviations_still_end_sentences_when_an_opener_follows() {
        assert_eq!(
            sentences("The envoy flew to the U.S. The talks began."),
            vec!["The envoy flew to the U.S.", "The talks began."]
        );
        assert_eq!(
            sentences("It bought tea, rice, etc. Then prices rose."),
            vec!["It bought tea, rice, etc.", "Then prices rose."]
        );
        assert_eq!(
            sentences("The answer was no. Nobody asked again."),
            vec!["The answer was no.", "Nobody asked again."]
        );
        assert_eq!(
            sentences("The vote was held in Nov. The count took a week."),
            vec!["The vote was held in Nov.", "The count took a week."]
        );
        one("Polls closed at 3 p.m. Sunday in every region.");
    }

    #[test]
    fn lower_case_or_no_space_after_a_terminator_continues_the_sentence() {
        one("\"Why now?\" asked one senator.");
        one("The rate fell to 12 pct. in 2025 according to the bank.");
        one("See example.org/a.b for the list.");
    }

    #[test]
    fn trims_and_drops_fragments_without_words() {
        assert_eq!(sentences("  The vote passed.  "), vec!["The vote passed."]);
        assert!(sentences("").is_empty());
        assert!(sentences(" ... -- ").is_empty());
        assert_eq!(sentences("Done. ."), vec!["Done. ."]);
    }

    #[test]
    fn long_inputs_stay_linear() {
        // One 1 MB word full of full stops: an ordinary (too long for an abbreviation) word, so it ends.
        let dots = "a.".repeat(500_000) + " B";
        assert_eq!(split(&dots).len(), 2);
        let initials = "A. ".repeat(300_000);
        assert_eq!(split(&initials).len(), 1);
        let many = "The vote passed. ".repeat(50_000);
        assert_eq!(split(&many).len(), 50_000);
    }
}
