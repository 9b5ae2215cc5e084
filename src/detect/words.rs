//! The derived word table (`words.tsv`, made by [`super::derive`]) compiled in: which classes a word is in.
//!
//! This file owns loading the table once and looking a token up. It does not decide what a class means for a
//! sentence (`features.rs` does). Invariant: lookups take tokens normalised by
//! [`super::features::normalise_into`]; the table's bytes enter the feature-set hash, so a model trained on
//! another table is rejected.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// The table as committed.
pub(crate) static TABLE: &str = include_str!("words.tsv");

/// The common words as committed (`common.tsv`: nouns, adverbs and prepositions never first a name, derived from
/// Brill's lexicon with the table): read by the matcher, not by the detector's features, so it is no part of the
/// feature-set hash.
pub(crate) static COMMON: &str = include_str!("common.tsv");

/// A verb form that can be finite (Brill tag VBD, VBZ, VBP or MD, and VBN, which is often a past tense too):
/// "rose", "says", "will", "hosted".
pub(crate) const FINITE: u16 = 1;
/// A verb's base form (tag VB): finite after a subject pronoun ("they call").
pub(crate) const BASE: u16 = 1 << 1;
/// An adjective whose senses are mostly subjective in Pattern's lexicon: "absurd", "reckless".
pub(crate) const SUBJECTIVE: u16 = 1 << 2;
/// A word with strong valence in VADER's lexicon: "disgrace", "triumph".
pub(crate) const SENTIMENT: u16 = 1 << 3;
/// A simple past form (Brill tag VBD), regular or not: "met", "rose", "won".
pub(crate) const PAST: u16 = 1 << 6;
/// A degree adverb (VADER's boosters and dampeners): "utterly", "barely".
pub(crate) const BOOSTER: u16 = 1 << 4;
/// A negation (VADER's list): "never", "without".
pub(crate) const NEGATION: u16 = 1 << 5;
/// A word most often a noun that also reads as a present-tense verb of a regular verb (its past form is in the
/// lexicon): "signs" (signed), "visits", "works", "vote" (voted). Finite after a subject ("Trump signs").
pub(crate) const PRESENT: u16 = 1 << 7;

fn class_bit(name: &str) -> Option<u16> {
    Some(match name {
        "finite" => FINITE,
        "base" => BASE,
        "subjective" => SUBJECTIVE,
        "sentiment" => SENTIMENT,
        "booster" => BOOSTER,
        "negation" => NEGATION,
        "past" => PAST,
        "present" => PRESENT,
        _ => return None,
    })
}

/// FNV-1a: the table's keys are short words, for which SipHash's setup dominates the lookup.
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
}

type Table = HashMap<&'static str, u16, BuildHasherDefault<Fnv>>;

fn table() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    T.get_or_init(|| {
        let mut t = Table::default();
        for line in TABLE.lines().filter(|l| !l.starts_with('#')) {
            if let Some((class, word)) = line.split_once('\t') {
                if class == NOUN_CLASS {
                    continue;
                }
                let bit = class_bit(class).expect("words.tsv names only known classes");
                *t.entry(word).or_default() |= bit;
            }
        }
        t
    })
}

/// The class of common nouns (Brill tag NN or NNS first: "railroad", "crews"), which can be the subject before a
/// verb. Kept apart from the other classes: it is looked up only when a verb may follow, and in the main table its
/// 22,000 words would make every token's lookup slower.
const NOUN_CLASS: &str = "noun";

/// Whether a normalised token is a common noun.
pub(crate) fn is_noun(word: &str) -> bool {
    static NOUNS: OnceLock<std::collections::HashSet<&'static str, BuildHasherDefault<Fnv>>> = OnceLock::new();
    NOUNS
        .get_or_init(|| {
            TABLE.lines().filter_map(|l| l.strip_prefix(NOUN_CLASS).and_then(|rest| rest.strip_prefix('\t'))).collect()
        })
        .contains(word)
}

/// The classes of a normalised token, as a bit set (0 when the word is in none).
pub(crate) fn classes(word: &str) -> u16 {
    table().get(word).copied().unwrap_or(0)
}

/// Whether a lower-case word is most often a common noun, adverb or preposition and never first a name ("doctors",
/// "inflation", "ahead").
pub(crate) fn is_common_word(word: &str) -> bool {
    common_words().contains_key(word)
}

/// Whether a lower-case word of the common-word table is an adjective there ("historic", "local").
pub(crate) fn is_common_adjective(word: &str) -> bool {
    common_words().get(word).copied().unwrap_or(false)
}

/// The common-word table: each word, and whether it is an adjective.
fn common_words() -> &'static std::collections::HashMap<&'static str, bool, BuildHasherDefault<Fnv>> {
    static MAP: OnceLock<std::collections::HashMap<&'static str, bool, BuildHasherDefault<Fnv>>> = OnceLock::new();
    MAP.get_or_init(|| {
        COMMON
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| match l.split_once('\t') {
                Some((word, class)) => (word, class == "adjective"),
                None => (l, false),
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_knows_each_class() {
        assert_eq!(classes("says") & FINITE, FINITE);
        assert_eq!(classes("call") & BASE, BASE);
        assert_eq!(classes("absurd") & SUBJECTIVE, SUBJECTIVE);
        assert_eq!(classes("disgrace") & SENTIMENT, SENTIMENT);
        assert_eq!(classes("utterly") & BOOSTER, BOOSTER);
        assert_eq!(classes("never") & NEGATION, NEGATION);
        assert_eq!(classes("met") & PAST, PAST);
        assert_eq!(classes("signs") & (PRESENT | FINITE), PRESENT);
        assert!(is_noun("signs") && is_noun("railroad") && !is_noun("signed") && !is_noun("the"));
        assert_eq!(classes("kazakhstan"), 0);
        assert!(is_common_word("doctors") && is_common_word("inflation") && is_common_word("ahead"));
        assert!(!is_common_word("turkey") && !is_common_word("police") && !is_common_word("said"));
        assert!(is_common_adjective("historic") && !is_common_adjective("doctors") && !is_common_adjective("said"));
        for line in TABLE.lines().filter(|l| !l.starts_with('#')) {
            let (class, _) = line.split_once('\t').expect("class<TAB>word");
            assert!(class_bit(class).is_some() || class == NOUN_CLASS, "{line:?}");
        }
    }
}
