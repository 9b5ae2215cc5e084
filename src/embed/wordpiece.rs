//! The uncased BERT tokenizer: basic tokenisation, then greedy longest-match WordPiece over a vocabulary.
//!
//! This file owns how text becomes vocabulary ids, exactly as the `tokenizers` library configures
//! all-MiniLM-L6-v2 (`BertNormalizer` with lower-casing and accent stripping, `BertPreTokenizer`, `WordPiece`
//! with `##` continuations and a 100-character word limit). It does not know what the ids mean ([`super`]
//! looks their vectors up). Invariant: the same text always gives the same ids, and a word the vocabulary cannot
//! spell becomes one [`WordPiece::unk`] id, never a partial spelling.
//!
//! The normalisation is done one character at a time, which is what the reference does too: control
//! characters are dropped, whitespace splits, CJK ideographs and punctuation stand alone, accents are removed
//! after canonical decomposition, and letters are lower-cased. ASCII takes a fast path.

use std::collections::HashMap;

use unicode_general_category::{get_general_category, GeneralCategory as Cat};
use unicode_normalization::char::decompose_canonical;

/// The longest word WordPiece spells; a longer one is unknown (the reference's `max_input_chars_per_word`).
const MAX_WORD_CHARS: usize = 100;

/// A WordPiece vocabulary with the ids of its unknown token.
#[derive(Clone, Debug)]
pub struct WordPiece {
    /// Word starts ("hello") and continuations ("##lo") in one map; continuations keep their "##".
    ids: HashMap<Box<str>, u32>,
    unk: u32,
}

impl WordPiece {
    /// A tokenizer over `tokens`, where a token's position is its id. `None` when `unk` is not among them.
    pub fn new<'a>(tokens: impl IntoIterator<Item = &'a str>, unk: &str) -> Option<Self> {
        let mut ids = HashMap::new();
        for (i, t) in tokens.into_iter().enumerate() {
            // The first occurrence wins, as in the reference's vocabulary file reader.
            ids.entry(t.into()).or_insert(i as u32);
        }
        let unk = *ids.get(unk)?;
        Some(Self { ids, unk })
    }

    /// The id of the unknown token.
    pub fn unk(&self) -> u32 {
        self.unk
    }

    /// The id of one vocabulary entry.
    pub fn id(&self, token: &str) -> Option<u32> {
        self.ids.get(token).copied()
    }

    /// The ids of `text`, without the `[CLS]` and `[SEP]` a transformer would add.
    pub fn ids(&self, text: &str) -> Vec<u32> {
        let mut out = Vec::new();
        self.ids_into(text, &mut out);
        out
    }

    /// Appends the ids of `text` to `out`.
    pub fn ids_into(&self, text: &str, out: &mut Vec<u32>) {
        let mut word = String::with_capacity(32);
        let mut piece = String::with_capacity(34);
        for c in text.chars() {
            if c.is_ascii() {
                let b = c as u8;
                if b.is_ascii_alphanumeric() {
                    word.push(b.to_ascii_lowercase() as char);
                } else if b == b' ' || b == b'\t' || b == b'\n' || b == b'\r' {
                    self.flush(&mut word, &mut piece, out);
                } else if b.is_ascii_punctuation() {
                    self.flush(&mut word, &mut piece, out);
                    self.single(c, &mut piece, out);
                }
                // Other ASCII controls (NUL, escape, form feed, vertical tab) are dropped, as the reference does.
                continue;
            }
            self.push_unicode(c, &mut word, &mut piece, out);
        }
        self.flush(&mut word, &mut piece, out);
    }

    /// One non-ASCII character of the input, as the normaliser and pre-tokenizer would treat it.
    fn push_unicode(&self, c: char, word: &mut String, piece: &mut String, out: &mut Vec<u32>) {
        if c == '\u{fffd}' || is_control(c) {
            return;
        }
        if c.is_whitespace() {
            self.flush(word, piece, out);
            return;
        }
        if is_cjk(c) {
            self.flush(word, piece, out);
            // The ideograph is its own word; accents and case do not apply to it.
            self.single(c, piece, out);
            return;
        }
        // Accent stripping: canonical decomposition, then nonspacing marks dropped; then lower case. A
        // decomposed character may be punctuation (the reference splits after normalising).
        decompose_canonical(c, |d| {
            if get_general_category(d) == Cat::NonspacingMark {
                return;
            }
            for l in d.to_lowercase() {
                if is_punctuation(l) {
                    self.flush(word, piece, out);
                    self.single(l, piece, out);
                } else {
                    word.push(l);
                }
            }
        });
    }

    /// A one-character word (punctuation, an ideograph).
    fn single(&self, c: char, piece: &mut String, out: &mut Vec<u32>) {
        piece.clear();
        piece.push(c);
        out.push(self.id(piece).unwrap_or(self.unk));
    }

    /// Spells the pending word with the vocabulary and clears it.
    fn flush(&self, word: &mut String, piece: &mut String, out: &mut Vec<u32>) {
        if word.is_empty() {
            return;
        }
        self.spell(word, piece, out);
        word.clear();
    }

    /// Greedy longest-match-first WordPiece of one normalised word.
    fn spell(&self, word: &str, piece: &mut String, out: &mut Vec<u32>) {
        if let Some(&id) = self.ids.get(word) {
            out.push(id);
            return;
        }
        if word.chars().count() > MAX_WORD_CHARS {
            out.push(self.unk);
            return;
        }
        let mark = out.len();
        let mut start = 0;
        while start < word.len() {
            let mut end = word.len();
            let mut found = None;
            while end > start {
                piece.clear();
                if start > 0 {
                    piece.push_str("##");
                }
                piece.push_str(&word[start..end]);
                if let Some(&id) = self.ids.get(piece.as_str()) {
                    found = Some(id);
                    break;
                }
                end = prev_boundary(word, end);
            }
            match found {
                Some(id) => {
                    out.push(id);
                    start = end;
                }
                None => {
                    out.truncate(mark);
                    out.push(self.unk);
                    return;
                }
            }
        }
    }
}

/// The char boundary before `end` (which is a boundary greater than zero).
fn prev_boundary(s: &str, end: usize) -> usize {
    let mut i = end - 1;
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The reference drops control, format and private-use characters. It keeps unassigned code points (so a
/// word containing one is unknown), which is checked against it in the tests.
fn is_control(c: char) -> bool {
    matches!(get_general_category(c), Cat::Control | Cat::Format | Cat::PrivateUse | Cat::Surrogate)
}

fn is_punctuation(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation();
    }
    matches!(
        get_general_category(c),
        Cat::ConnectorPunctuation
            | Cat::DashPunctuation
            | Cat::OpenPunctuation
            | Cat::ClosePunctuation
            | Cat::InitialPunctuation
            | Cat::FinalPunctuation
            | Cat::OtherPunctuation
    )
}

/// The CJK Unified Ideographs blocks, as BERT's original tokenizer lists them.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF
        | 0x3400..=0x4DBF
        | 0x20000..=0x2A6DF
        | 0x2A700..=0x2B73F
        | 0x2B740..=0x2B81F
        | 0x2B820..=0x2CEAF
        | 0xF900..=0xFAFF
        | 0x2F800..=0x2FA1F)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy() -> WordPiece {
        let vocab = ["[PAD]", "[UNK]", "un", "##aff", "##able", "the", ",", "-", "cafe", "—", "##s", "x"];
        WordPiece::new(vocab, "[UNK]").unwrap()
    }

    #[test]
    fn greedy_longest_match_with_continuations() {
        let wp = toy();
        assert_eq!(wp.ids("unaffable"), vec![2, 3, 4]);
        assert_eq!(wp.ids("The, un-aff"), vec![5, 6, 2, 7, 1]);
    }

    #[test]
    fn a_word_that_cannot_be_spelled_is_one_unknown() {
        let wp = toy();
        // "unaffablez": "un" "##aff" "##able" then no "##z": the whole word is unknown, nothing partial.
        assert_eq!(wp.ids("unaffablez the"), vec![1, 5]);
        let long = "x".repeat(MAX_WORD_CHARS + 1);
        assert_eq!(wp.ids(&long), vec![1]);
    }

    #[test]
    fn accents_case_controls_and_unicode_punctuation() {
        let wp = toy();
        assert_eq!(wp.ids("CAFÉS\u{200b}—the"), vec![8, 10, 9, 5]);
        assert_eq!(wp.ids("\u{0}the\u{7}\u{a0}the"), vec![5, 5]);
        assert!(wp.ids("").is_empty() && wp.ids(" \t\n").is_empty());
    }
}
