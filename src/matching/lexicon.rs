//! General language knowledge for matching keys: places and their people, irregular inflections, derivations
//! and strong synonyms, read from `lexicon.tsv` (derived from WordNet 3.0 by [`super::wordnet`] through
//! `examples/derive_lexicon.rs`; source, licence and checksums in `DATA.md`).
//!
//! This file owns looking a word up; which relations the table holds, and why they are safe for matching, is
//! the deriving module's business. Invariant: the table maps each word to exactly one key and is compiled in,
//! so every machine computes the same keys.

use std::sync::OnceLock;

use rustc_hash::{FxHashMap as HashMap, FxHashSet};

/// The committed table, as compiled into the crate. Looked up with Fx hashing: every word of every claim goes
/// through it when an index is built, and the table is fixed, so a keyed hash buys nothing.
pub static LEXICON_TSV: &str = include_str!("lexicon.tsv");

/// The words that share a WordNet synset in use, a row per word and synset, derived with the lexicon into a
/// table of its own: it is eight times the lexicon's size and read only when a sentence puts another word in a
/// claim's word's place, so the lexicon's own lookups never scan it.
pub static ALIKE_TSV: &str = include_str!("alike.tsv");

/// The rows of a derived table (`lexicon.tsv` or `alike.tsv`) as (word, key, relation).
fn rows_in(tsv: &'static str) -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    tsv.lines().filter(|l| !l.starts_with('#')).filter_map(|l| {
        let mut f = l.split('\t');
        Some((f.next()?, f.next()?, f.next()?))
    })
}

/// The lexicon's rows as (word, key, relation).
fn rows() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    rows_in(LEXICON_TSV)
}

/// The (word, synset) rows of [`ALIKE_TSV`], sorted by word.
fn alike_rows() -> impl Iterator<Item = (&'static str, &'static str)> {
    rows_in(ALIKE_TSV).map(|(word, key, _)| (word, key))
}

/// The (word, key) pairs of one relation's rows.
fn rows_of(relation: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    rows().filter(move |&(_, _, r)| r == relation).map(|(word, key, _)| (word, key))
}

fn table() -> &'static HashMap<&'static str, &'static str> {
    static TABLE: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| {
        rows().filter(|&(_, _, relation)| !NOT_KEYS.contains(&relation)).map(|(word, key, _)| (word, key)).collect()
    })
}

/// The relations whose rows are read for what they tell of a word, not as matching keys.
const NOT_KEYS: [&str; 3] = ["capital", "act", "unit"];

/// The unit of measurement a lower-cased word names, by the key its spellings and short forms share ("km" and
/// "kilometres" → "kilometer"; "feet" → "foot"), by the table's `unit` relation; a regular plural is read
/// as its singular. Not a matching key.
pub fn unit_of(word: &str) -> Option<&'static str> {
    static UNITS: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    let units = UNITS.get_or_init(|| rows_of("unit").collect());
    let singular = |suffix: &str| word.strip_suffix(suffix).and_then(|w| units.get(w)).copied();
    units.get(word).copied().or_else(|| singular("s")).or_else(|| singular("es"))
}

/// Whether a lower-cased noun most often names an act or an event ("move", "step", "decision"; not "minister",
/// "treaty"), by the table's `act` relation (WordNet's `noun.act` and `noun.event`). Not a matching key.
pub fn is_act_noun(word: &str) -> bool {
    static ACTS: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    ACTS.get_or_init(|| rows_of("act").map(|(word, _)| word).collect()).contains(word)
}

/// Whether two lower-cased words share a WordNet synset in use ("cut" and "reduced", "defence" and "defense",
/// "costly" and "expensive", an adjective's cluster counting as one synset), by [`ALIKE_TSV`], after the regular inflections are taken off ("reduced",
/// "cutting", "prices"). Never true of antonyms, which no synset holds together. Not a matching key: read to tell
/// that a word in place of a claim's word may say the same thing.
pub fn alike(a: &str, b: &str) -> bool {
    // The table's rows are sorted by word, so a word's synsets are one run of this list.
    static ALIKE: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
    let table = ALIKE.get_or_init(|| alike_rows().collect());
    let synsets = |w: &str| -> Vec<&'static str> {
        let mut keys = Vec::new();
        for l in lemmas(w) {
            let from = table.partition_point(|&(word, _)| word < l.as_str());
            keys.extend(table[from..].iter().take_while(|&&(word, _)| word == l).map(|&(_, key)| key));
        }
        keys
    };
    let of_a = synsets(a);
    !of_a.is_empty() && synsets(b).iter().any(|k| of_a.contains(k))
}

/// The forms a word may have before a regular inflection (WordNet's own detachment rules, as its morphy applies
/// them, plus a doubled final consonant), with the word itself and its irregular lemma ("told" → "tell").
fn lemmas(word: &str) -> Vec<String> {
    const RULES: [(&str, &str); 13] = [
        ("s", ""),
        ("ses", "s"),
        ("xes", "x"),
        ("ches", "ch"),
        ("shes", "sh"),
        ("ies", "y"),
        ("es", "e"),
        ("ed", ""),
        ("ed", "e"),
        ("ing", ""),
        ("ing", "e"),
        ("er", ""),
        ("est", ""),
    ];
    let mut out = vec![word.to_owned()];
    if let Some(lemma) = rows_of_inflection(word) {
        out.push(lemma.to_owned());
    }
    for (suffix, ending) in RULES {
        if let Some(base) = word.strip_suffix(suffix).filter(|b| b.len() >= 2) {
            out.push(format!("{base}{ending}"));
            // "planned" → "plan", "cutting" → "cut".
            let b = base.as_bytes();
            if ending.is_empty() && b.len() >= 3 && b[b.len() - 1] == b[b.len() - 2] {
                out.push(base[..base.len() - 1].to_owned());
            }
        }
    }
    out
}

/// The lemma of an irregular form, by the table's `inflection` relation ("told" → "tell").
fn rows_of_inflection(word: &str) -> Option<&'static str> {
    static INFLECTIONS: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    INFLECTIONS.get_or_init(|| rows_of("inflection").collect()).get(word).copied()
}

/// The key of the country whose national capital a lower-cased word names ("washington" → "usa", "moscow" →
/// "russia"), by the table's `capital` relation: a government named by its seat. Not a matching key.
pub fn capital_of(word: &str) -> Option<&'static str> {
    static CAPITALS: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    CAPITALS.get_or_init(|| rows_of("capital").collect()).get(word).copied()
}

/// The key the lexicon gives a lower-cased word or stem, if any ("israeli" → "israel", "paid" → "pay").
pub fn key(word: &str) -> Option<&'static str> {
    table().get(word).copied()
}

/// Whether a stem is a place the table knows by its adjective or people ("usa", "france", "israel").
pub fn is_place_key(stem: &str) -> bool {
    places().1.contains(stem)
}

/// Whether a lower-cased word is the adjective or the people of a place ("french", "soviet", "israeli"), by the
/// table's `place` relation.
pub fn is_place(word: &str) -> bool {
    places().0.contains(word)
}

/// The words of the table's `place` rows and the places they name, read once.
fn places() -> &'static (FxHashSet<&'static str>, FxHashSet<&'static str>) {
    static PLACES: OnceLock<(FxHashSet<&'static str>, FxHashSet<&'static str>)> = OnceLock::new();
    PLACES.get_or_init(|| rows_of("place").unzip())
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::super::wordnet::{self, Wordnet};
    use super::*;

    #[test]
    fn a_national_capital_names_its_country_but_is_no_matching_key() {
        assert_eq!(capital_of("washington"), Some("usa"));
        assert_eq!(capital_of("moscow"), Some("russia"));
        assert_eq!(capital_of("beijing"), Some("china"));
        // A word with a sense that is no name, and a word that is no capital.
        assert_eq!(capital_of("male"), None);
        assert_eq!(capital_of("chicago"), None);
        assert_eq!(key("washington"), None);
        assert!(!is_place_key("washington"));
    }

    #[allow(clippy::print_stderr)]
    /// Where WordNet 3.0's database is: `WORDNET_DIR`, else Debian's `wordnet-base` location.
    fn wordnet_dir(test: &str) -> Option<PathBuf> {
        let dir = std::env::var_os("WORDNET_DIR").map_or_else(|| PathBuf::from("/usr/share/wordnet"), PathBuf::from);
        if dir.join("data.noun").is_file() {
            return Some(dir);
        }
        eprintln!("skipping {test}: WordNet is absent (apt-get install wordnet-base, or set WORDNET_DIR)");
        None
    }

    #[test]
    fn rederiving_from_wordnet_reproduces_the_committed_table() {
        let Some(dir) = wordnet_dir("rederiving_from_wordnet_reproduces_the_committed_table") else { return };
        let wn = Wordnet::read(&dir).unwrap();
        let checksums = wordnet::checksums(&dir).unwrap();
        let derived = wordnet::to_tsv(&wordnet::derive(&wn), &checksums);
        assert!(
            derived == LEXICON_TSV,
            "lexicon.tsv differs from a fresh derivation: run `cargo run --example derive_lexicon`"
        );
        let derived = wordnet::to_tsv(&wordnet::derive_alike(&wn), &checksums);
        assert!(
            derived == ALIKE_TSV,
            "alike.tsv differs from a fresh derivation: run `cargo run --example derive_lexicon`"
        );
    }

    #[test]
    fn places_and_their_people_are_known() {
        assert!(is_place("french") && is_place("soviet") && is_place("israeli") && is_place("kazakh"));
        assert!(!is_place("historic") && !is_place("local") && !is_place("paid"));
        assert!(is_place_key("usa") && is_place_key("france") && is_place_key("kazakhstan"));
        assert!(!is_place_key("french") && !is_place_key("telecom"));
    }

    #[test]
    fn units_of_measurement_share_a_key_across_spellings_and_are_no_keys() {
        for word in ["km", "kilometre", "kilometres", "kilometer", "kilometers"] {
            assert_eq!(unit_of(word), Some("kilometer"), "{word}");
        }
        assert_eq!(unit_of("feet"), unit_of("foot"));
        assert!(unit_of("acres").is_some() && unit_of("tonnes").is_some());
        for word in ["people", "residents", "years", "votes", "countries"] {
            assert_eq!(unit_of(word), None, "{word}");
        }
        assert_ne!(key("km"), Some("kilometer"));
    }

    #[test]
    fn nouns_of_acts_and_events_are_known_and_are_no_keys() {
        for word in ["move", "step", "decision", "election", "earthquake"] {
            assert!(is_act_noun(word), "{word}");
        }
        for word in ["minister", "treaty", "country", "agreement", "moved"] {
            assert!(!is_act_noun(word), "{word}");
        }
        // "decision" keeps the matching key it shares with "decide"; the act row adds none.
        assert_eq!(key("decision"), Some("decid"));
        assert!(key("move").is_none_or(|k| k != "noun.act"));
    }

    #[test]
    fn words_of_one_synset_are_alike_and_antonyms_are_not() {
        for (a, b) in [("cut", "reduced"), ("defence", "defense"), ("nominee", "candidate"), ("costly", "expensive")] {
            assert!(alike(a, b) && alike(b, a), "{a} {b}");
        }
        for (a, b) in
            [("rose", "fell"), ("joined", "left"), ("landlocked", "muslim"), ("won", "lost"), ("cheap", "expensive")]
        {
            assert!(!alike(a, b), "{a} {b}");
        }
        assert!(key("reduce").is_none_or(|k| !k.starts_with('v')));
        // `alike` finds a word's synsets by binary search.
        let rows: Vec<_> = alike_rows().collect();
        assert!(rows.len() > 10_000 && rows.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn the_record_names_the_source_files() {
        let data = include_str!("DATA.md");
        for line in LEXICON_TSV.lines().filter_map(|l| l.strip_prefix("# sha256 ")) {
            let (file, sha) = line.split_once(' ').unwrap();
            assert!(data.contains(sha), "DATA.md does not record the checksum of {file}");
        }
        assert!(table().len() > 1000);
        assert!(table().values().all(|k| !k.is_empty()));
    }
}
