//! Sentence to sparse features: hashed word n-grams plus a fixed list of hand features.
//!
//! This file owns tokenisation, the seedless FNV-1a hash that maps lower-cased unigrams and bigrams to buckets,
//! and the hand features ([`HAND`]) that encode what the design names as signals of a checkable claim
//! (numbers, dates, superlatives, attribution, names) or of opinion (first person, modals, questions). It
//! knows nothing of weights. Invariant: the same text always yields the same features in the same order, on
//! every platform, because training and scoring must agree bucket for bucket; changing a token rule or the
//! order of [`HAND`] changes [`feature_set_hash`], so an older model file is rejected instead of misread.

use std::ops::Range;

use super::lexicon::{
    is_attribution, is_change_verb, is_first_plural, is_month, is_number_word, is_opinion, is_superlative, is_year,
};

/// Names of the hand features, in index order (index `n_buckets + i` in the weight vector).
pub const HAND: &[&str] = &[
    "has digits",
    "count of numbers",
    "number word",
    "percent",
    "currency",
    "year",
    "month name",
    "superlative or 'first'",
    "comparative",
    "change verb (rose, fell)",
    "attribution (said, reported, according to)",
    "named-entity shape (capitalised words)",
    "first person singular",
    "first person plural",
    "second person",
    "modal (should, must, could)",
    "future (will, going to)",
    "opinion word",
    "question mark",
    "exclamation mark",
    "quotation marks",
    "past tense (-ed)",
    "negation",
    "length (log tokens)",
    "short sentence (<= 5 tokens)",
    "long sentence (>= 30 tokens)",
];

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(FNV_PRIME);
    }
    h
}

/// A hash of everything that decides feature indices; stored in the model to catch a stale file.
pub fn feature_set_hash() -> u64 {
    let mut h = fnv(FNV_OFFSET, b"tokens:v1 alnum+inner-apostrophe+digit-separators digits->0 lower; ngrams:1,2;");
    for name in HAND {
        h = fnv(fnv(h, name.as_bytes()), b"\n");
    }
    h
}

/// Receives the features of one sentence, in a fixed order: all n-grams, then the non-zero hand features.
pub trait Sink {
    /// An n-gram occurrence: its bucket, and the spans (in the sentence) of its one or two tokens.
    fn ngram(&mut self, bucket: u32, first: Range<usize>, second: Option<Range<usize>>);
    /// A hand feature with a non-zero value; `index` is into [`HAND`].
    fn hand(&mut self, index: usize, value: f32);
}

fn bucket_of(h: u64, bits: u32) -> u32 {
    ((h ^ (h >> 32)) & ((1u64 << bits) - 1)) as u32
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// The next token at or after `from`: a run of alphanumerics that may hold an apostrophe between letters and
/// a '.' or ',' between digits ("don't", "20,000", "1.5").
fn next_token(s: &str, from: usize) -> Option<Range<usize>> {
    let rest = &s[from..];
    let start = from + rest.find(char::is_alphanumeric)?;
    let mut end = start;
    let mut prev: Option<char> = None;
    let mut chars = s[start..].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let keep = if c.is_alphanumeric() {
            true
        } else {
            let next = chars.peek().map(|&(_, n)| n);
            match (prev, next) {
                (Some(p), Some(n)) if is_apostrophe(c) => p.is_alphabetic() && n.is_alphabetic(),
                (Some(p), Some(n)) if c == '.' || c == ',' => p.is_ascii_digit() && n.is_ascii_digit(),
                _ => false,
            }
        };
        if !keep {
            break;
        }
        end = start + i + c.len_utf8();
        prev = Some(c);
    }
    Some(start..end)
}

/// Lower-cases a token, folds digits to '0' and curly apostrophes to '\'', into `out` (cleared first).
pub fn normalise_into(token: &str, out: &mut String) {
    out.clear();
    for c in token.chars() {
        if c.is_ascii_digit() {
            out.push('0');
        } else if is_apostrophe(c) {
            out.push('\'');
        } else if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

/// Visits the features of `sentence` for a model with `2^bits` n-gram buckets.
pub fn visit(sentence: &str, bits: u32, sink: &mut impl Sink) {
    let mut hand = [0f32; HAND.len()];
    let mut word = String::with_capacity(32);
    let mut prev: Option<(u64, Range<usize>)> = None;
    let (mut tokens, mut numbers, mut capitalised) = (0usize, 0usize, 0usize);
    let mut pos = 0;
    while let Some(span) = next_token(sentence, pos) {
        pos = span.end;
        let raw = &sentence[span.clone()];
        normalise_into(raw, &mut word);
        let h = fnv(FNV_OFFSET, word.as_bytes());
        sink.ngram(bucket_of(h, bits), span.clone(), None);
        if let Some((ph, pspan)) = prev.take() {
            let bh = fnv(fnv(ph, b" "), word.as_bytes());
            sink.ngram(bucket_of(bh, bits), pspan, Some(span.clone()));
        }
        prev = Some((h, span));

        let has_digit = raw.bytes().any(|b| b.is_ascii_digit());
        let first_upper = raw.chars().next().is_some_and(char::is_uppercase);
        if has_digit {
            hand[0] = 1.0;
            numbers += 1;
        }
        if is_year(raw) {
            hand[5] = 1.0;
        }
        if tokens > 0 && first_upper && word != "i" && !word.starts_with("i'") {
            capitalised += 1;
        }
        let w = word.as_str();
        if is_number_word(w) {
            hand[2] = 1.0;
            numbers += 1;
        }
        set_if(&mut hand[3], matches!(w, "percent" | "percentage" | "pct"));
        set_if(&mut hand[4], matches!(w, "dollar" | "dollars" | "euro" | "euros" | "cents" | "tenge" | "yen" | "usd"));
        set_if(&mut hand[6], first_upper && is_month(w));
        set_if(&mut hand[7], is_superlative(w));
        set_if(&mut hand[8], matches!(w, "more" | "less" | "fewer" | "than" | "greater" | "higher" | "lower"));
        set_if(&mut hand[9], is_change_verb(w));
        set_if(&mut hand[10], is_attribution(w));
        set_if(&mut hand[12], matches!(w, "i" | "me" | "my" | "mine" | "myself" | "i'm" | "i've" | "i'd" | "i'll"));
        set_if(&mut hand[13], is_first_plural(w));
        set_if(&mut hand[14], matches!(w, "you" | "your" | "yours" | "you're" | "you've" | "you'll"));
        set_if(&mut hand[15], matches!(w, "should" | "must" | "ought" | "could" | "might" | "would" | "shall"));
        set_if(&mut hand[16], matches!(w, "will" | "won't" | "going" | "gonna" | "i'll" | "we'll"));
        set_if(&mut hand[17], is_opinion(w));
        set_if(&mut hand[21], w.len() > 4 && w.ends_with("ed"));
        set_if(&mut hand[22], matches!(w, "not" | "no" | "never" | "don't" | "doesn't" | "didn't" | "isn't" | "can't"));
        tokens += 1;
    }
    for c in sentence.chars() {
        match c {
            '%' => hand[3] = 1.0,
            '$' | '\u{a3}' | '\u{20ac}' | '\u{a5}' | '\u{20b8}' => hand[4] = 1.0,
            '?' => hand[18] = 1.0,
            '!' => hand[19] = 1.0,
            '"' | '\u{201c}' | '\u{201d}' => hand[20] = 1.0,
            _ => {}
        }
    }
    hand[1] = (numbers as f32).ln_1p();
    hand[11] = (capitalised as f32).ln_1p();
    hand[23] = (tokens as f32).ln_1p() / 4.0;
    set_if(&mut hand[24], tokens <= 5);
    set_if(&mut hand[25], tokens >= 30);
    for (i, &v) in hand.iter().enumerate() {
        if v != 0.0 {
            sink.hand(i, v);
        }
    }
}

fn set_if(slot: &mut f32, cond: bool) {
    if cond {
        *slot = 1.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Collect {
        ngrams: Vec<String>,
        hand: Vec<&'static str>,
        text: String,
    }

    impl Sink for Collect {
        fn ngram(&mut self, _: u32, first: Range<usize>, second: Option<Range<usize>>) {
            let mut s = self.text[first].to_string();
            if let Some(r) = second {
                s = format!("{s} {}", &self.text[r]);
            }
            self.ngrams.push(s);
        }
        fn hand(&mut self, index: usize, _: f32) {
            self.hand.push(HAND[index]);
        }
    }

    fn collect(s: &str) -> Collect {
        let mut c = Collect { text: s.to_string(), ..Default::default() };
        visit(s, 18, &mut c);
        c
    }

    #[test]
    fn tokens_keep_inner_apostrophes_and_digit_separators() {
        let c = collect("We don't have 20,000 troops; it's 1.5% of 'them'.");
        assert_eq!(
            c.ngrams.iter().filter(|n| !n.contains(' ')).collect::<Vec<_>>(),
            ["We", "don't", "have", "20,000", "troops", "it's", "1.5", "of", "them"]
        );
    }

    #[test]
    fn hand_features_fire_on_the_reference_signals() {
        let c = collect("Kazakhstan has had diplomatic ties with Israel since 1992, NPR reported.");
        for f in ["has digits", "year", "attribution (said, reported, according to)"] {
            assert!(c.hand.contains(&f), "{f} missing from {:?}", c.hand);
        }
        assert!(c.hand.contains(&"named-entity shape (capitalised words)"));
        let c = collect("I think we should celebrate this win?");
        for f in ["first person singular", "modal (should, must, could)", "opinion word", "question mark"] {
            assert!(c.hand.contains(&f), "{f} missing from {:?}", c.hand);
        }
        assert!(!c.hand.contains(&"has digits"));
    }

    #[test]
    fn digits_fold_and_case_folds() {
        let mut s = String::new();
        normalise_into("Since-1992\u{2019}S", &mut s);
        assert_eq!(s, "since-0000's");
    }

    #[test]
    fn feature_hash_is_stable() {
        assert_eq!(feature_set_hash(), feature_set_hash());
        assert_eq!(fnv(FNV_OFFSET, b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
