//! Derives the detector's word table (`words.tsv`) from general, licensed language resources.
//!
//! This file owns the derivation and the identity of its inputs: Pattern's subjectivity lexicon of English
//! adjectives (`en-sentiment.xml`, PDDL) and Brill's tagger lexicon (`en-lexicon.txt`, MIT; Twitter additions
//! CC BY 3.0), both as shipped in the PyPI package textblob 0.20.1, and VADER's sentiment lexicon and
//! intensifier and negation lists (`vader_lexicon.txt`, `vaderSentiment.py`, MIT), as shipped in
//! vaderSentiment 3.3.2. It reads no file itself: callers pass the texts, and [`check_sources`] refuses any
//! whose SHA-256 differs from the recorded one. Invariant: [`derive`] is a pure function of the four texts, so
//! the committed table can be re-derived byte for byte (a test does when the sources are present).

use std::collections::BTreeMap;

use super::train::sha256_hex;

/// Where the sources come from: `pip download --no-deps textblob==0.20.1 vadersentiment==3.3.2`, the four files
/// taken out of the wheels (`src/detect/lexicon_sources.sh DIR` does both).
pub const SOURCES: [Source; 4] = [
    Source {
        file: "en-sentiment.xml",
        path_in_wheel: "textblob/en/en-sentiment.xml",
        package: "textblob 0.20.1",
        licence: "PDDL (Pattern, De Smedt & Daelemans)",
        sha256: "0ca603db55570bab9b2865716a3696ede01e3da02b570c47628a9dbcc3b37d1e",
    },
    Source {
        file: "en-lexicon.txt",
        path_in_wheel: "textblob/en/en-lexicon.txt",
        package: "textblob 0.20.1",
        licence: "MIT (Brill tagger lexicon); Twitter additions CC BY 3.0 (Gimpel et al. 2011)",
        sha256: "9545c71faf16e4461d0bff1d9948fe92b2cf94766af118a6c69c37b43363d5d2",
    },
    Source {
        file: "vader_lexicon.txt",
        path_in_wheel: "vaderSentiment/vader_lexicon.txt",
        package: "vaderSentiment 3.3.2",
        licence: "MIT (Hutto & Gilbert 2014)",
        sha256: "1ec9c6e9ee19aade328f8beb393a6afa71a5bb3acf7d3cc22d4ef568df374bf5",
    },
    Source {
        file: "vaderSentiment.py",
        path_in_wheel: "vaderSentiment/vaderSentiment.py",
        package: "vaderSentiment 3.3.2",
        licence: "MIT (Hutto & Gilbert 2014)",
        sha256: "25cd814d23000b41c0e242d99960832c6620b3f1b844469173404500ce63206b",
    },
];

/// One input file of the derivation.
#[derive(Clone, Copy, Debug)]
pub struct Source {
    /// The file's name in the sources folder.
    pub file: &'static str,
    pub path_in_wheel: &'static str,
    pub package: &'static str,
    pub licence: &'static str,
    pub sha256: &'static str,
}

/// The environment variable naming a folder that holds the four source files.
pub const SOURCES_ENV: &str = "CLAIMLEDGER_LEXICON_SOURCES";

/// An adjective is subjective when its senses' mean subjectivity in Pattern's lexicon reaches this.
pub const SUBJECTIVITY_MIN: f64 = 0.6;
/// A word carries sentiment when the magnitude of its mean valence in VADER (-4 to +4) reaches this.
pub const VALENCE_MIN: f64 = 1.5;

/// The Brill tags of words that [`derive_common`] lists: common nouns, adverbs and prepositions.
pub const COMMON_TAGS: [&str; 6] = ["NN", "NNS", "RB", "RBR", "RBS", "IN"];

/// The Brill tags of adjectives, which [`derive_common`] lists only when the lexicon gives their capitalised form
/// no other first tag: "Historic", "Heavy" as a sentence's first word are not names, "Nice" and "Federal" may be.
pub const ADJECTIVE_TAGS: [&str; 3] = ["JJ", "JJR", "JJS"];

/// Word classes of the table; a word may be in several.
pub const CLASSES: [&str; 9] =
    ["finite", "past", "base", "subjective", "sentiment", "booster", "negation", "present", "noun"];

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DeriveError {
    #[error("{file}: SHA-256 is {found}, expected {expected} (a different release of {package})")]
    Checksum { file: &'static str, package: &'static str, found: String, expected: &'static str },
    #[error("vaderSentiment.py: no {0} list found")]
    MissingList(&'static str),
}

/// Checks the four texts (in [`SOURCES`] order) against the recorded checksums.
pub fn check_sources(texts: &[&str; 4]) -> Result<(), DeriveError> {
    for (s, text) in SOURCES.iter().zip(texts) {
        let found = sha256_hex(text.as_bytes());
        if found != s.sha256 {
            return Err(DeriveError::Checksum { file: s.file, package: s.package, found, expected: s.sha256 });
        }
    }
    Ok(())
}

/// The word table: one `class<TAB>word` line per (class, word), sorted by class then word, after a comment
/// header naming the sources.
pub fn derive(sentiment_xml: &str, brill: &str, vader_lexicon: &str, vader_py: &str) -> Result<String, DeriveError> {
    let mut table: BTreeMap<&'static str, std::collections::BTreeSet<String>> = BTreeMap::new();
    let mut add = |class: &'static str, word: &str| {
        let w = word.to_lowercase();
        if is_plain_word(&w) {
            table.entry(class).or_default().insert(w);
        }
    };
    // Brill: one line per word, its most frequent Penn Treebank tag first.
    let mut first_tag: BTreeMap<&str, &str> = BTreeMap::new();
    for line in brill.lines().filter(|l| !l.starts_with(';')) {
        let mut parts = line.split_whitespace();
        let (Some(word), Some(tag)) = (parts.next(), parts.next()) else { continue };
        if word.chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        first_tag.entry(word).or_insert(tag);
        match tag {
            "VBD" => {
                add("finite", word);
                add("past", word);
            }
            "VBN" | "VBZ" | "VBP" | "MD" => add("finite", word),
            "VB" => add("base", word),
            "NN" | "NNS" => add("noun", word),
            _ => {}
        }
    }
    // Irregular past forms by their verb ("fought" for "fight"), from the matcher's WordNet lexicon.
    let mut irregular: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for line in crate::matching::LEXICON_TSV.lines().filter(|l| !l.starts_with('#')) {
        let mut parts = line.split('\t');
        if let (Some(form), Some(lemma), Some("inflection")) = (parts.next(), parts.next(), parts.next()) {
            irregular.entry(lemma).or_default().push(form);
        }
    }
    for (word, tag) in &first_tag {
        if !tag.starts_with("VB") && *tag != "MD" && has_verb_reading(word, &first_tag, &irregular) {
            add("present", word);
        }
    }
    // Pattern: per sense of an adjective, a subjectivity in [0, 1]; the word's is the mean over its senses.
    let mut senses: BTreeMap<String, (f64, u32)> = BTreeMap::new();
    for tag in sentiment_xml.split("<word ").skip(1) {
        let tag = format!(" {}", &tag[..tag.find('>').unwrap_or(tag.len())]);
        let attr = |name: &str| {
            let key = format!(" {name}=\"");
            let rest = &tag[tag.find(&key)? + key.len()..];
            rest.find('"').map(|end| rest[..end].to_string())
        };
        let (Some(form), Some(pos), Some(subj)) = (attr("form"), attr("pos"), attr("subjectivity")) else { continue };
        let Ok(subj) = subj.parse::<f64>() else { continue };
        if pos == "JJ" {
            let e = senses.entry(form).or_default();
            e.0 += subj;
            e.1 += 1;
        }
    }
    for (form, (sum, n)) in &senses {
        if sum / f64::from(*n) >= SUBJECTIVITY_MIN {
            add("subjective", form);
        }
    }
    // VADER: `token<TAB>mean valence<TAB>sd<TAB>ratings`.
    for line in vader_lexicon.lines() {
        let mut parts = line.split('\t');
        let (Some(word), Some(valence)) = (parts.next(), parts.next()) else { continue };
        if valence.trim().parse::<f64>().is_ok_and(|v| v.abs() >= VALENCE_MIN) {
            add("sentiment", word);
        }
    }
    for word in python_list(vader_py, "BOOSTER_DICT", '}')? {
        add("booster", &word);
    }
    for word in python_list(vader_py, "NEGATE", ']')? {
        add("negation", &word);
    }

    let mut out = String::from("# Word classes of the claim detector, derived by `cargo run --release --example train_detector -- --derive-words DIR`.\n");
    out.push_str("# Do not edit: re-derive. Sources (file, package, licence, SHA-256):\n");
    for s in SOURCES {
        out.push_str(&format!("#   {} ({}, {}) {}\n", s.path_in_wheel, s.package, s.licence, s.sha256));
    }
    out.push_str(&format!(
        "# finite: Brill tag VBD, VBN, VBZ, VBP or MD; past: tag VBD; base: tag VB; noun: tag NN or NNS; present: another first tag, but a\n# verb's present form (its past form is listed, or an irregular one by the matcher's WordNet lexicon); subjective: Pattern adjective, mean subjectivity >= {SUBJECTIVITY_MIN};\n# sentiment: VADER |mean valence| >= {VALENCE_MIN}; booster and negation: VADER's BOOSTER_DICT and NEGATE.\n"
    ));
    for (class, words) in &table {
        for w in words {
            out.push_str(class);
            out.push('\t');
            out.push_str(w);
            out.push('\n');
        }
    }
    Ok(out)
}

/// Whether a word the lexicon lists first as something else also reads as the present tense of a verb: "signs",
/// "visits", "studies" (a third-person form whose stem has a past form or is a verb's base form) or "vote",
/// "fight" (a form whose own past form is listed, regular or, by `irregular`, not: "fought").
fn has_verb_reading(word: &str, first_tag: &BTreeMap<&str, &str>, irregular: &BTreeMap<&str, Vec<&str>>) -> bool {
    let is_past = |form: &str| first_tag.get(form).is_some_and(|t| matches!(*t, "VBD" | "VBN"));
    let has_past = |stem: &str| {
        let Some(last) = stem.chars().last() else { return false };
        is_past(&format!("{stem}ed"))
            || (last == 'e' && is_past(&format!("{stem}d")))
            || (last == 'y' && is_past(&format!("{}ied", &stem[..stem.len() - 1])))
            || (!"aeiouy".contains(last) && is_past(&format!("{stem}{last}ed")))
            || irregular.get(stem).is_some_and(|forms| forms.iter().any(|f| is_past(f)))
    };
    let is_base = |stem: &str| first_tag.get(stem).is_some_and(|t| *t == "VB");
    if word.len() < 3 || word.contains('\'') {
        return false;
    }
    if let Some(stem) = word.strip_suffix("ies") {
        let stem = format!("{stem}y");
        return is_base(&stem) || has_past(&stem);
    }
    match word.strip_suffix('s') {
        Some(stem) if !stem.ends_with(['s', 'u', 'i']) => {
            is_base(stem) || has_past(stem) || stem.strip_suffix('e').is_some_and(|s| is_base(s) || has_past(s))
        }
        Some(_) => false,
        None => has_past(word),
    }
}

/// The common-word table (`common.tsv`): lower-case words whose most frequent tag in Brill's lexicon is a common
/// noun, an adverb or a preposition (NN, NNS, RB, RBR, RBS, IN), unless the lexicon lists the capitalised form first
/// as a proper noun ("doctors", "inflation", "ahead", "meanwhile"; not "apple", "turkey", "police", "north"), and
/// adjectives (JJ, JJR, JJS) whose capitalised form the lexicon lists, if at all, first as an adjective too
/// ("historic", "heavy"; not "nice", "federal", "conservative"). One word per line, sorted, after a comment header
/// naming the source; an adjective's line adds a tab and "adjective".
pub fn derive_common(brill: &str) -> String {
    let mut first_tag: BTreeMap<&str, &str> = BTreeMap::new();
    for line in brill.lines().filter(|l| !l.starts_with(';')) {
        let mut parts = line.split_whitespace();
        if let (Some(word), Some(tag)) = (parts.next(), parts.next()) {
            first_tag.entry(word).or_insert(tag);
        }
    }
    let mut capitalised = String::new();
    let listed = first_tag.iter().filter(|&(word, tag)| {
        let adjective = ADJECTIVE_TAGS.contains(tag);
        if !(COMMON_TAGS.contains(tag) || adjective) || !is_plain_word(word) || word.contains('\'') {
            return false;
        }
        capitalised.clear();
        let mut chars = word.chars();
        capitalised.extend(chars.next().map(|c| c.to_ascii_uppercase()));
        capitalised.push_str(chars.as_str());
        match first_tag.get(capitalised.as_str()) {
            Some(t) if adjective => ADJECTIVE_TAGS.contains(t),
            Some(t) => !matches!(*t, "NNP" | "NNPS"),
            None => true,
        }
    });
    let brill_source = &SOURCES[1];
    let mut out = String::from(
        "# Common words (never first a name), derived by `cargo run --release --example train_detector -- --derive-words DIR`.\n",
    );
    out.push_str("# Do not edit: re-derive. Source (file, package, licence, SHA-256):\n");
    out.push_str(&format!(
        "#   {} ({}, {}) {}\n",
        brill_source.path_in_wheel, brill_source.package, brill_source.licence, brill_source.sha256
    ));
    out.push_str(&format!(
        "# A word is listed when its most frequent Brill tag is one of {} and its capitalised form is not tagged NNP or NNPS first,\n",
        COMMON_TAGS.join(", ")
    ));
    out.push_str(&format!(
        "# or one of {} and its capitalised form is absent or tagged one of those first.\n",
        ADJECTIVE_TAGS.join(", ")
    ));
    for (word, tag) in listed {
        out.push_str(word);
        if ADJECTIVE_TAGS.contains(tag) {
            out.push_str("\tadjective");
        }
        out.push('\n');
    }
    out
}

/// Lower-case letters with inner apostrophes or hyphens: what the tokenizer can produce as one token.
fn is_plain_word(w: &str) -> bool {
    let b = w.as_bytes();
    !b.is_empty()
        && b[0].is_ascii_lowercase()
        && b[b.len() - 1].is_ascii_lowercase()
        && b.iter().all(|&c| c.is_ascii_lowercase() || c == b'\'')
}

/// The single-word string keys or items of a Python list or dict literal `NAME = [...]` / `{...}`.
fn python_list(source: &str, name: &'static str, close: char) -> Result<Vec<String>, DeriveError> {
    let start = source.find(&format!("\n{name} =")).ok_or(DeriveError::MissingList(name))?;
    let body = &source[start..];
    let end = body.find(close).ok_or(DeriveError::MissingList(name))?;
    let body = &body[..end];
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(open) = rest.find('"') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('"') else { break };
        let item = &after[..close];
        if !item.contains(' ') {
            out.push(item.to_string());
        }
        rest = &after[close + 1..];
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derives_each_class_from_small_sources() {
        let xml = r#"<sentiment>
<word form="awful" pos="JJ" polarity="-1.0" subjectivity="1.0" />
<word form="awful" pos="JJ" polarity="-1.0" subjectivity="0.8" />
<word form="daily" pos="JJ" polarity="0.0" subjectivity="0.0" />
<word form="shame" pos="NN" polarity="-0.5" subjectivity="0.9" />
</sentiment>"#;
        let brill = ";;; header\nrose VBD\nsays VBZ\nwill MD\ncall VB\nlogic NN\nRose NNP\nsigns NNS\nsigned VBD\nstudies NNS\nstudied VBN\nvote NN\nvoted VBD\nclass NN\nclassed VBN\nfight NN\nfought VBD\n";
        let vader = "disgrace\t-2.2\t0.6\t[]\nfine\t0.8\t0.4\t[]\n:)\t2.0\t0.5\t[]\n";
        let py = "x = 1\nNEGATE = \\\n    [\"not\", \"never\"]\n\nBOOSTER_DICT = \\\n    {\"very\": B_INCR, \"kind of\": B_DECR}\n";
        let table = derive(xml, brill, vader, py).unwrap();
        let rows: Vec<&str> = table.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(
            rows,
            [
                "base\tcall",
                "booster\tvery",
                "finite\tclassed",
                "finite\tfought",
                "finite\trose",
                "finite\tsays",
                "finite\tsigned",
                "finite\tstudied",
                "finite\tvoted",
                "finite\twill",
                "negation\tnever",
                "negation\tnot",
                "noun\tclass",
                "noun\tfight",
                "noun\tlogic",
                "noun\tsigns",
                "noun\tstudies",
                "noun\tvote",
                "past\tfought",
                "past\trose",
                "past\tsigned",
                "past\tvoted",
                "present\tfight",
                "present\tsigns",
                "present\tstudies",
                "present\tvote",
                "sentiment\tdisgrace",
                "subjective\tawful",
            ]
        );
        assert_eq!(derive(xml, brill, vader, "nothing"), Err(DeriveError::MissingList("BOOSTER_DICT")));
    }

    #[test]
    fn a_common_word_is_one_the_lexicon_never_lists_first_as_a_name() {
        let brill = ";;; header\ndoctors NNS\ninflation NN\nturkey NN\nTurkey NNP\nrose VBD\nRose NNP\nsales NNS JJ\nn't RB\nahead RB\nnorth RB\nNorth NNP\namid IN\nnice JJ\nNice NNP\nhistoric JJ\nlocal JJ\nLocal JJ\nfederal JJ\nFederal NNP\n";
        let rows: Vec<String> =
            derive_common(brill).lines().filter(|l| !l.starts_with('#')).map(str::to_owned).collect();
        assert_eq!(rows, ["ahead", "amid", "doctors", "historic\tadjective", "inflation", "local\tadjective", "sales"]);
    }
}
