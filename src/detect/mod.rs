//! Check-worthiness detection: does a sentence state a checkable fact?
//!
//! This module owns the [`Detector`], two logistic heads over hashed word n-grams and hand features
//! ([`features`]): *check-worthy* (a factual claim that matters: ClaimBuster's CFS against the rest) and
//! *factual* (any factual statement, CFS+UFS, against opinion and talk: NFS). The committed model
//! (`model.bin`, trained by `examples/train_detector.rs`, provenance in `MODEL.md`) is compiled into the
//! binary and parsed once ([`Detector::builtin`]). It scores text it is given; it does not split drafts into
//! sentences, read files or decide what a finding is. Invariant: scoring is a pure function of the model bytes
//! and the sentence, so every machine flags the same sentences.

pub mod data;
pub mod derive;
pub mod eval;
pub mod features;
pub mod labelled;
mod lexicon;
pub mod meaning;
pub mod mixture;
mod model;
mod rng;
pub(crate) use rng::SplitMix64;
pub mod train;
mod words;

use std::fmt;
use std::ops::Range;
use std::str::FromStr;
use std::sync::OnceLock;

pub use features::Shape;
use features::{Sink, HAND};
use model::Model;

/// The committed model file, as compiled into the crate.
pub static BUILTIN_MODEL: &[u8] = include_bytes!("model.bin");

/// Which decision a sentence must pass to count as a claim.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum View {
    /// Check-worthy factual claims only (ClaimBuster CFS).
    CheckWorthy,
    /// Every factual statement, important or not (CFS and UFS).
    #[default]
    Factual,
}

impl View {
    pub const ALL: [View; 2] = [View::CheckWorthy, View::Factual];

    pub fn as_str(self) -> &'static str {
        match self {
            View::CheckWorthy => "checkworthy",
            View::Factual => "factual",
        }
    }

    pub(crate) fn head(self) -> usize {
        match self {
            View::CheckWorthy => 0,
            View::Factual => 1,
        }
    }
}

impl fmt::Display for View {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A view name that is neither "checkworthy" nor "factual".
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("unknown detector view {0:?}: expected \"checkworthy\" or \"factual\"")]
pub struct ParseViewError(pub String);

impl FromStr for View {
    type Err = ParseViewError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "checkworthy" => Ok(View::CheckWorthy),
            "factual" => Ok(View::Factual),
            _ => Err(ParseViewError(s.to_string())),
        }
    }
}

/// The probability of each view's positive class, in `[0, 1]`.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Scores {
    pub checkworthy: f32,
    pub factual: f32,
}

impl Scores {
    pub fn get(&self, view: View) -> f32 {
        match view {
            View::CheckWorthy => self.checkworthy,
            View::Factual => self.factual,
        }
    }
}

/// One feature's signed push on a view's log-odds: an n-gram ("according to") or a hand feature's name.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Contribution {
    pub feature: String,
    pub weight: f32,
}

/// Why a model file could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ModelError {
    #[error("not a claimledger detector model (bad magic bytes)")]
    BadMagic,
    #[error("detector model format version {0} is not supported")]
    UnsupportedVersion(u16),
    #[error("detector model was trained with different features; retrain it")]
    FeatureMismatch,
    #[error("detector model is truncated")]
    Truncated,
    #[error("detector model is corrupt: {0}")]
    Corrupt(&'static str),
}

/// A reason a sentence is no claim whatever its score: the shape of the text settles it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Guard {
    /// It asks ("Why should anyone care?"): a question states nothing to source.
    Question,
    /// A title-case line without a closing stop ("The Strategic Logic of Expansion"): a heading names what
    /// follows; the sentences under it carry the claims.
    Heading,
    /// No verb and no figure ("A triumph of patience."): a fragment judges or announces, it does not report.
    Fragment,
    /// The writer's own recommendation ("The council should publish the figures."): "should", "must" or
    /// "ought" with no quotation and no one credited. A recommendation someone made is reported speech and left
    /// to the model.
    Recommendation,
}

impl Guard {
    /// The guard that applies to `sentence`, if any.
    pub fn of(sentence: &str) -> Option<Guard> {
        Guard::of_shape(&features::shape(sentence))
    }

    fn of_shape(shape: &features::Shape) -> Option<Guard> {
        if shape.question {
            Some(Guard::Question)
        } else if shape.headline {
            Some(Guard::Heading)
        } else if shape.tokens > 0 && !shape.finite_verb && !shape.figure {
            Some(Guard::Fragment)
        } else if shape.recommendation {
            Some(Guard::Recommendation)
        } else {
            None
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Guard::Question => "question",
            Guard::Heading => "heading",
            Guard::Fragment => "fragment",
            Guard::Recommendation => "recommendation",
        }
    }
}

impl fmt::Display for Guard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a phrase only names or classifies what it describes ("a former capital", "the former Gold Coast"):
/// no verb, and no word that judges, hedges or predicts ("a city of real charm", "a visionary"). Set after a
/// name as an apposition, such a phrase states a checkable fact about it.
pub fn is_plain_description(phrase: &str) -> bool {
    // The verb test reads "'s" as "is" ("she's"); after a name it is a possessive ("Europe's largest port").
    // A verb form after an article is a participle that classifies ("a murdered prime minister", "the elected
    // mayor"): an event, not a verb of the phrase, and its valence is the event's, unless it is a subjective
    // adjective too ("a celebrated writer").
    let mut plain = String::with_capacity(phrase.len());
    let mut after_article = false;
    for word in phrase.split_whitespace() {
        // "'s" after a name or after an article's noun is a possessive ("Europe's largest port", "the state's
        // attorney general"), not "is".
        let possessive = word.strip_suffix("'s").or_else(|| word.strip_suffix("\u{2019}s"));
        let word = match possessive {
            Some(name) if name.starts_with(char::is_uppercase) || after_article => name,
            _ => word,
        };
        let classes = word_classes(word);
        let participle = after_article && classes & words::FINITE != 0 && classes & words::SUBJECTIVE == 0;
        after_article = matches!(word.to_lowercase().as_str(), "a" | "an" | "the");
        if participle {
            continue;
        }
        plain.push_str(word);
        plain.push(' ');
    }
    let shape = features::shape(&plain);
    shape.tokens > 0 && !shape.finite_verb && !shape.evaluative
}

/// Where, in bytes, the first verb that reports someone's verdict or regard stands in a text ("critics in Kyiv
/// called it …", "a strike that allies described as …"): the names before it are the speakers', not facts the
/// verdict states.
pub fn reported_view_at(text: &str) -> Option<usize> {
    let mut word = String::new();
    let mut offset = 0;
    for token in text.split_whitespace() {
        let at = offset + text[offset..].find(token).expect("a token of the text");
        offset = at + token.len();
        word.clear();
        features::normalise_into(token, &mut word);
        if lexicon::is_verdict_verb(&word) || lexicon::is_regard_verb(&word) {
            return Some(at);
        }
    }
    None
}

/// Whether a noun phrase judges in its head, before any "of", relative word or verb: "a welcome step that …",
/// "a shrill campaign of …"; not "a former mayor of Lyon", "a war veteran" or "a major port".
pub fn judging_noun_phrase(phrase: &str) -> bool {
    let mut word = String::new();
    for token in phrase.split_whitespace().take(6) {
        word.clear();
        features::normalise_into(token, &mut word);
        if matches!(word.as_str(), "of" | "that" | "which" | "who" | "whose" | "to" | "for" | "in")
            || word_classes(&word) & words::FINITE != 0
        {
            return false;
        }
        if is_evaluative(&word) {
            return true;
        }
    }
    false
}

/// Nouns by which a phrase after a clause reads the clause as a sign of something else ("…, a dispiriting sign of
/// how little progress has been made", "…, a reminder that …"): the writer's reading, not a further fact.
const SIGN_NOUNS: &[&str] = &[
    "sign",
    "signal",
    "reminder",
    "testament",
    "symbol",
    "symptom",
    "indication",
    "illustration",
    "mark",
    "hint",
    "harbinger",
    "omen",
    "emblem",
    "demonstration",
    "reflection",
];

/// Whether a noun phrase reads what came before it as a sign of something: its head, within its first few words,
/// is a noun of [`SIGN_NOUNS`] followed by "of", "that" or "to" ("a clear sign of", "a stark reminder that", "a
/// testament to"; not "a sign language interpreter", "a signal failure near Leeds").
pub fn reads_as_sign(phrase: &str) -> bool {
    let words: Vec<String> = phrase
        .split_whitespace()
        .take(5)
        .map(|token| {
            let mut word = String::new();
            features::normalise_into(token, &mut word);
            word
        })
        .collect();
    words.windows(2).any(|w| {
        SIGN_NOUNS.iter().any(|n| w[0] == *n || w[0].strip_suffix('s') == Some(n))
            && matches!(w[1].as_str(), "of" | "that" | "to")
    })
}

/// The shape of a sentence or part (see [`Shape`]): what it holds besides its score, for judging the parts of
/// a sentence beside its claims.
pub fn shape(text: &str) -> Shape {
    features::shape(text)
}

/// Whether a lower-case word is most often a common noun, adverb or preposition and never first a name
/// ("doctors", "inflation", "ahead"; not "turkey"), by the Brill tagger's lexicon in the derived table.
pub fn is_common_word(word: &str) -> bool {
    words::is_common_word(word)
}

/// Whether a lower-case word is an adjective that the Brill tagger's lexicon never capitalises first as a name
/// ("historic", "local"; not "federal"), by the derived table.
pub fn is_common_adjective(word: &str) -> bool {
    words::is_common_adjective(word)
}

/// Whether a word is most often a finite verb form ("rose", "says", "set"), by the Brill tagger's lexicon in
/// the derived word table.
pub fn is_finite_form(word: &str) -> bool {
    word_classes(word) & words::FINITE != 0
}

/// Whether a word is most often a verb's base form ("beat", "cut", "call"), by the same lexicon.
pub fn is_base_form(word: &str) -> bool {
    word_classes(word) & words::BASE != 0
}

/// Whether a word judges ("angry", "shrill", "brave"): an adjective of Pattern's subjectivity lexicon that is no
/// verb form. VADER's sentiment words are left out, since many state facts ("killed", "war", "arrested").
pub fn is_evaluative(word: &str) -> bool {
    let classes = word_classes(word);
    classes & words::SUBJECTIVE != 0 && classes & (words::FINITE | words::BASE | words::PAST) == 0
}

/// Whether a word grades what it qualifies ("clearly", "utterly", "major"): VADER's boosters and dampeners.
pub fn is_degree_word(word: &str) -> bool {
    word_classes(word) & words::BOOSTER != 0
}

fn word_classes(word: &str) -> u16 {
    if word.bytes().all(|b| b.is_ascii_lowercase()) {
        return words::classes(word);
    }
    let mut normal = String::with_capacity(word.len());
    features::normalise_into(word, &mut normal);
    words::classes(&normal)
}

/// A trained check-worthiness model, ready to score sentences.
#[derive(Clone)]
pub struct Detector {
    model: Model,
}

impl fmt::Debug for Detector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = &self.model;
        f.debug_struct("Detector")
            .field("buckets", &m.n_buckets())
            .field("non_zero_weights", &m.weights.iter().filter(|w| w.iter().any(|&x| x != 0.0)).count())
            .field("thresholds", &m.thresholds)
            .finish_non_exhaustive()
    }
}

impl Detector {
    /// The committed model, parsed on first use and shared afterwards.
    pub fn builtin() -> &'static Detector {
        static BUILTIN: OnceLock<Detector> = OnceLock::new();
        BUILTIN.get_or_init(|| Detector::from_bytes(BUILTIN_MODEL).expect("the committed detector model is valid"))
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Detector, ModelError> {
        Model::decode(bytes).map(|model| Detector { model })
    }

    pub(crate) fn from_model(model: Model) -> Detector {
        Detector { model }
    }

    /// The model file's bytes (equal to what [`Detector::from_bytes`] read).
    pub fn to_bytes(&self) -> Vec<u8> {
        self.model.encode()
    }

    pub fn scores(&self, sentence: &str) -> Scores {
        let z = self.logits(sentence);
        Scores { checkworthy: sigmoid(z[0]), factual: sigmoid(z[1]) }
    }

    fn logits(&self, sentence: &str) -> [f32; 2] {
        self.logits_and_shape(sentence).0
    }

    fn logits_and_shape(&self, sentence: &str) -> ([f32; 2], features::Shape) {
        struct Sum<'a> {
            weights: &'a [[f32; 2]],
            hand_base: usize,
            z: [f32; 2],
        }
        impl Sink for Sum<'_> {
            fn ngram(&mut self, bucket: u32, _: Range<usize>, _: Option<Range<usize>>) {
                let w = self.weights[bucket as usize];
                self.z[0] += w[0];
                self.z[1] += w[1];
            }
            fn hand(&mut self, index: usize, value: f32) {
                let w = self.weights[self.hand_base + index];
                self.z[0] += w[0] * value;
                self.z[1] += w[1] * value;
            }
        }
        let mut sum = Sum { weights: &self.model.weights, hand_base: self.model.n_buckets(), z: self.model.bias };
        let shape = features::visit(sentence, self.model.bits, &mut sum);
        let meaning = self.meaning(sentence);
        (std::array::from_fn(|h| sum.z[h] + meaning[h]), shape)
    }

    /// Each head's contribution from the meaning inputs (zero for a model that reads none).
    fn meaning(&self, sentence: &str) -> [f32; 2] {
        let m = &self.model;
        if m.meaning == meaning::Meaning::None {
            return [0.0; 2];
        }
        thread_local! {
            static INPUTS: std::cell::RefCell<Vec<f32>> = std::cell::RefCell::new(vec![0.0; meaning::DIMS]);
        }
        INPUTS.with(|inputs| {
            let mut x = inputs.borrow_mut();
            meaning::inputs_into(m.meaning, sentence, &mut x);
            let rows = &m.weights[m.meaning_base()..];
            let mut z = [0f32; 2];
            for (w, &v) in rows.iter().zip(x.iter()) {
                z[0] += w[0] * v;
                z[1] += w[1] * v;
            }
            z
        })
    }

    /// The probability above which a sentence counts as a claim in `view`, chosen on the threshold data.
    pub fn threshold(&self, view: View) -> f32 {
        self.model.thresholds[view.head()]
    }

    /// Whether `sentence` is a claim in `view`: no [`Guard`] applies and its score reaches the threshold
    /// (`threshold` overrides the model's own). This is the decision `check` enforces.
    pub fn is_claim(&self, sentence: &str, view: View, threshold: Option<f32>) -> bool {
        let (z, shape) = self.logits_and_shape(sentence);
        Guard::of_shape(&shape).is_none()
            && sigmoid(z[view.head()]) >= threshold.unwrap_or_else(|| self.threshold(view))
    }

    /// The `k` features that moved `sentence`'s log-odds in `view` the most, strongest first, signed.
    /// Occurrences of the same n-gram or bucket are summed; the intercept is not a feature.
    pub fn explain(&self, sentence: &str, view: View, k: usize) -> Vec<Contribution> {
        struct Named<'a> {
            model: &'a Model,
            head: usize,
            text: &'a str,
            out: Vec<(usize, String, f32)>,
            /// Where each bucket's entry is in `out`, so that a long sentence costs linear time.
            at: std::collections::HashMap<u32, usize>,
            scratch: String,
        }
        impl Sink for Named<'_> {
            fn ngram(&mut self, bucket: u32, first: Range<usize>, second: Option<Range<usize>>) {
                let w = self.model.weights[bucket as usize][self.head];
                if w == 0.0 {
                    return;
                }
                if let Some(&i) = self.at.get(&bucket) {
                    self.out[i].2 += w;
                    return;
                }
                features::normalise_into(&self.text[first], &mut self.scratch);
                let mut name = std::mem::take(&mut self.scratch);
                if let Some(second) = second {
                    let mut s = String::new();
                    features::normalise_into(&self.text[second], &mut s);
                    name = format!("{name} {s}");
                }
                self.at.insert(bucket, self.out.len());
                self.out.push((bucket as usize, format!("\"{name}\""), w));
            }
            fn hand(&mut self, index: usize, value: f32) {
                let w = self.model.weights[self.model.n_buckets() + index][self.head] * value;
                if w != 0.0 {
                    self.out.push((usize::MAX - index, HAND[index].to_string(), w));
                }
            }
        }
        let mut named = Named {
            model: &self.model,
            head: view.head(),
            text: sentence,
            out: Vec::new(),
            at: std::collections::HashMap::new(),
            scratch: String::new(),
        };
        features::visit(sentence, self.model.bits, &mut named);
        let meaning = self.meaning(sentence)[view.head()];
        if meaning != 0.0 {
            named.out.push((usize::MAX - HAND.len(), meaning::FEATURE.to_string(), meaning));
        }
        let mut out: Vec<Contribution> =
            named.out.into_iter().map(|(_, feature, weight)| Contribution { feature, weight }).collect();
        out.sort_by(|a, b| b.weight.abs().total_cmp(&a.weight.abs()).then_with(|| a.feature.cmp(&b.feature)));
        out.truncate(k);
        out
    }

    /// The model's `k` most positive and `k` most negative features for `view`: hand features by name and the
    /// n-grams whose names the model file keeps. Each list is strongest first.
    pub fn strongest_features(&self, view: View, k: usize) -> (Vec<Contribution>, Vec<Contribution>) {
        let h = view.head();
        let m = &self.model;
        let hand = HAND.iter().enumerate().map(|(i, name)| (name.to_string(), m.weights[m.n_buckets() + i][h]));
        let ngrams = m.vocab.iter().map(|(b, text)| (format!("\"{text}\""), m.weights[*b as usize][h]));
        let mut all: Vec<Contribution> =
            hand.chain(ngrams).map(|(feature, weight)| Contribution { feature, weight }).collect();
        all.sort_by(|a, b| b.weight.total_cmp(&a.weight).then_with(|| a.feature.cmp(&b.feature)));
        let pos = all.iter().filter(|c| c.weight > 0.0).take(k).cloned().collect();
        let neg = all.iter().rev().filter(|c| c.weight < 0.0).take(k).cloned().collect();
        (pos, neg)
    }

    /// Every hand feature's weight in `view`, in [`features::HAND`] order.
    pub fn hand_weights(&self, view: View) -> Vec<Contribution> {
        let m = &self.model;
        HAND.iter()
            .enumerate()
            .map(|(i, name)| Contribution {
                feature: name.to_string(),
                weight: m.weights[m.n_buckets() + i][view.head()],
            })
            .collect()
    }

    /// Digests of the data this model was trained on and of the data its thresholds were chosen on.
    pub fn data_sha256(&self) -> [[u8; 32]; 2] {
        self.model.data_sha256
    }
}

fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

#[cfg(test)]
mod tests;
