//! Word normalisation: stop words, a light English stemmer, and general lexical knowledge.
//!
//! This file owns how one lower-cased word becomes the key that stands for it, so that "signed" and "signing",
//! British and American spellings, "Brazilian" and "Brazil", or "employment" and "employed" meet on one key.
//! The knowledge beyond suffix stripping comes from WordNet through [`super::lexicon`] (places and demonyms,
//! irregular inflections, meaning-keeping derivations, strong synonyms), never from particular articles. It does
//! not split text ([`super::analyze`]) nor read numbers ([`super::numbers`]). Invariant: [`stem`] is a pure
//! function of the word, applied alike to claims and draft sentences, so a key computed when a claim is indexed
//! is the key a sentence will look up.

use super::lexicon;

/// Function words that carry no retrieval or matching value, in alphabetical order. Negations and hedges are
/// handled elsewhere.
const STOP: &[&str] = &[
    "a",
    "about",
    "after",
    "again",
    "against",
    "all",
    "almost",
    "already",
    "also",
    "am",
    "among",
    "an",
    "and",
    "any",
    "approximately",
    "are",
    "around",
    "as",
    "at",
    "be",
    "been",
    "before",
    "being",
    "between",
    "both",
    "but",
    "by",
    "can",
    "cannot",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "dr",
    "during",
    "each",
    "either",
    "even",
    "ever",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "him",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "least",
    "may",
    "me",
    "might",
    "more",
    "most",
    "mr",
    "mrs",
    "ms",
    "much",
    "must",
    "my",
    "nearly",
    "never",
    "no",
    "none",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "out",
    "over",
    "own",
    "per",
    "roughly",
    "s",
    "same",
    "shall",
    "she",
    "should",
    "since",
    "so",
    "some",
    "still",
    "such",
    "t",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "very",
    "via",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "yet",
    "you",
    "your",
    "yours",
];

/// Whether a lower-cased word is a function word.
pub fn is_stop(lower: &str) -> bool {
    static SET: std::sync::OnceLock<rustc_hash::FxHashSet<&str>> = std::sync::OnceLock::new();
    SET.get_or_init(|| STOP.iter().copied().collect()).contains(lower)
}

/// The key of one lower-cased word: the lexicon's key for the word, else for its stem (so "contributions"
/// finds "contribution"'s key through "contribut"), else the stem.
pub fn stem(lower: &str) -> String {
    if let Some(c) = lexicon::key(lower) {
        return c.to_owned();
    }
    if !lower.bytes().all(|b| b.is_ascii_lowercase()) || lower.len() <= 3 {
        return lower.to_owned();
    }
    let s = strip(lower);
    match lexicon::key(&s) {
        Some(c) => c.to_owned(),
        None => s,
    }
}

fn replace_suffix(s: &mut String, from: &str, to: &str) -> bool {
    if s.len() > from.len() + 2 && s.ends_with(from) {
        s.truncate(s.len() - from.len());
        s.push_str(to);
        return true;
    }
    false
}

fn has_vowel(s: &str) -> bool {
    s.bytes().any(|b| b"aeiouy".contains(&b))
}

/// Four-letter words in "ed" that are not a three-letter verb in "e" with "d" added.
const IRREGULAR_ED: &[&str] = &["bred", "fled", "shed", "sled", "sped", "shred"];

/// Suffix stripping in the spirit of Porter's first steps, kept short: spelling variants, plurals, -ed/-ing,
/// a few derivational endings, then a final silent "e". Words of three letters or fewer, and words that are not
/// plain ASCII letters, are their own stem.
pub(crate) fn strip(word: &str) -> String {
    if !word.bytes().all(|b| b.is_ascii_lowercase()) || word.len() <= 3 {
        return word.to_owned();
    }
    let mut s = word.to_owned();
    // British to American spelling, so both sides of the Atlantic meet.
    if s.len() >= 6 {
        for (uk, us) in [("isation", "ization"), ("ised", "ized"), ("ising", "izing"), ("ises", "izes"), ("ise", "ize")]
        {
            if replace_suffix(&mut s, uk, us) {
                break;
            }
        }
        if s.ends_with("our") || s.ends_with("ours") {
            let cut = if s.ends_with('s') { 4 } else { 3 };
            s.truncate(s.len() - cut);
            s.push_str("or");
        }
    }
    // Plurals and third person.
    if s.ends_with("ies") && s.len() > 4 {
        s.truncate(s.len() - 3);
        s.push('y');
    } else if s.ends_with("sses") || s.ends_with("xes") || s.ends_with("ches") || s.ends_with("shes") {
        s.truncate(s.len() - 2);
    } else if s.ends_with('s') && !s.ends_with("ss") && !s.ends_with("us") && !s.ends_with("is") && s.len() > 3 {
        s.pop();
    }
    // A three-letter verb in "e" takes only "d" ("owed", "used", "died" for "owe", "use", "die"), unless the
    // word is a noun in "eed" ("feed", "seed") or a past tense of its own ("bred", "fled", "shed").
    if s.len() == 4 && s.ends_with("ed") && s.as_bytes()[1] != b'e' && !IRREGULAR_ED.contains(&s.as_str()) {
        s.pop();
        return s;
    }
    // Past tense and gerund.
    for suffix in ["ing", "ed"] {
        if s.ends_with(suffix) && has_vowel(&s[..s.len() - suffix.len()]) && s.len() - suffix.len() >= 3 {
            s.truncate(s.len() - suffix.len());
            let b = s.as_bytes();
            let n = b.len();
            if n >= 2 && b[n - 1] == b[n - 2] && !b"lsz".contains(&b[n - 1]) && !has_vowel(&s[n - 1..]) {
                s.pop();
            }
            break;
        }
    }
    // Derivational endings, longest first; only on long words so that short roots survive.
    if s.len() >= 8 {
        for (from, to) in [
            ("ically", "ic"),
            ("ization", "iz"),
            ("ational", "at"),
            ("ation", "at"),
            ("ement", ""),
            ("ment", ""),
            ("ness", ""),
            ("ally", "al"),
            ("ly", ""),
        ] {
            if replace_suffix(&mut s, from, to) {
                break;
            }
        }
    }
    if s.len() >= 7 && s.ends_with("ic") {
        s.truncate(s.len() - 2);
    }
    if s.ends_with("ize") || (s.ends_with('e') && s.len() > 4) {
        s.pop();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_and_unique() {
        assert!(STOP.windows(2).all(|w| w[0] < w[1]), "STOP is kept in alphabetical order, each word once");
        assert!(["the", "a", "which", "now"].iter().all(|w| is_stop(w)) && !is_stop("treaty"));
    }

    #[test]
    fn inflections_and_spellings_meet() {
        for group in [
            &["walked", "walking", "walks", "walk"][..],
            &["organised", "organized", "organizes"],
            &["colour", "color", "colours"],
            &["libraries", "library"],
            &["boxes", "box"],
            &["taught", "teaching", "teaches", "teach"],
            &["wrote", "written", "writes", "write"],
            &["children", "child"],
            &["kept", "keeps", "keep"],
            &["owed", "owes", "owe"],
            &["used", "uses", "use"],
            &["died", "die"],
        ] {
            let first = stem(group[0]);
            for w in group {
                assert_eq!(stem(w), first, "{w} vs {}", group[0]);
            }
        }
    }

    #[test]
    fn a_form_that_is_a_word_of_its_own_keeps_its_meaning() {
        // "left" (the side, the party) and "found" (to establish) are not read as "leave" and "find".
        assert_ne!(stem("left"), stem("leave"));
        assert_ne!(stem("found"), stem("find"));
        // Nouns in "eed" and pasts of their own are not a verb in "e" with "d".
        assert_ne!(stem("feed"), stem("fee"));
        assert_ne!(stem("shed"), stem("she"));
    }

    #[test]
    fn places_and_their_people_meet_and_stay_apart() {
        // From WordNet's pertainyms and member relations, not from any article.
        for (word, place) in [
            ("iranian", "iran"),
            ("iranians", "iran"),
            ("swedish", "sweden"),
            ("brazilian", "brazil"),
            ("norwegian", "norway"),
            ("danish", "denmark"),
            ("mexican", "mexico"),
            ("peruvian", "peru"),
        ] {
            assert_eq!(stem(word), stem(place), "{word} vs {place}");
        }
        for (a, b) in [
            ("iran", "iraq"),
            ("iranian", "iraqi"),
            ("austria", "australia"),
            ("niger", "nigeria"),
            ("sweden", "switzerland"),
            ("slovakia", "slovenia"),
            ("gambia", "zambia"),
        ] {
            assert_ne!(stem(a), stem(b), "{a} and {b} must stay distinct");
        }
    }

    #[test]
    fn short_and_odd_words_are_kept() {
        assert_eq!(stem("us"), "us");
        assert_eq!(stem("c5+1"), "c5+1");
        assert_eq!(stem("chaos"), "chao");
        assert!(is_stop("the") && !is_stop("river"));
    }
}
