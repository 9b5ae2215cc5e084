//! Training: two logistic-regression heads fitted by seeded AdaGrad SGD, then quantised, named and thresholded.
//!
//! This file owns the learning procedure and its settings ([`TrainConfig`]); feature extraction is in
//! [`super::features`], the byte format in `model.rs`, the metrics in [`super::eval`]. Invariant: training is
//! deterministic. One thread, a fixed seed, a fixed order of floating-point operations and no hash-map
//! iteration in anything that reaches the model, so the same data and settings give a byte-identical file.

use std::collections::HashMap;
use std::ops::Range;

use sha2::{Digest, Sha256};

use super::data::{DataError, Example};
use super::features::{self, Sink};
use super::labelled::Label;
use super::meaning::{self, Meaning};
use super::mixture::{mixture, DevItem, Files, Journal, FOLDS};
use super::model::{Model, HEADS};
use super::rng::SplitMix64;
use super::{eval, Detector, Guard, View};

/// The knobs of training; [`TrainConfig::default`] is what the committed model uses.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainConfig {
    /// log2 of the number of n-gram buckets.
    pub bits: u32,
    pub epochs: usize,
    pub learning_rate: f32,
    /// L2 penalty, applied to the weights a sentence touches.
    pub l2: f32,
    /// An n-gram bucket seen in fewer training sentences than this gets no weight.
    pub min_count: u32,
    pub seed: u64,
    /// How many n-gram names to keep per sign and per head for [`Detector::strongest_features`].
    pub vocab_per_side: usize,
    /// Weight of a journalism sentence (the dev split of the labelled set, the training sets) in the factual head.
    pub journalism_weight: f32,
    /// The weight of a journalism sentence in the check-worthiness head (its label says fact or not, which is
    /// only a proxy for check-worthiness, so it weighs less there than in the factual head).
    pub journalism_checkworthy_weight: f32,
    /// Weight of a ClaimBuster crowdsourced sentence.
    pub claimbuster_weight: f32,
    /// Weight of a NewsSD-ENG subjective sentence (a negative of both heads).
    pub subjective_weight: f32,
    /// Weight of a NewsSD-ENG objective sentence (a positive of the factual head only; some are not facts, and
    /// attributed opinion is objective there: 0, the default, leaves them out).
    pub objective_weight: f32,
    /// Weight of a CheckThat! verified claim (a positive of both heads).
    pub vclaim_weight: f32,
    /// Keep one verified claim in this many (chosen by a hash of its text).
    pub vclaim_stride: u64,
    /// Which form of the sentence embedding the heads read beside the n-grams and hand features.
    pub meaning: Meaning,
    /// Cross-validation folds by article instead of by outlet (for comparison only).
    pub fold_by_article: bool,
    /// The share of the out-of-fold journalism facts the factual threshold lets through.
    pub fact_recall: f64,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            bits: 18,
            epochs: 8,
            learning_rate: 0.05,
            l2: 1e-4,
            min_count: 1,
            seed: 0x00c1_a1ed_9e6e_72e5,
            vocab_per_side: 60,
            journalism_weight: 14.0,
            journalism_checkworthy_weight: 3.0,
            claimbuster_weight: 1.0,
            subjective_weight: 3.0,
            objective_weight: 0.0,
            vclaim_weight: 0.3,
            vclaim_stride: 4,
            meaning: Meaning::None,
            fold_by_article: false,
            fact_recall: FACT_RECALL,
        }
    }
}

/// One sentence as sparse `(index, value)` pairs, indices sorted and unique.
type Row = Vec<(u32, f32)>;

struct Rows {
    n_buckets: u32,
    row: Row,
}

impl Sink for Rows {
    fn ngram(&mut self, bucket: u32, _: Range<usize>, _: Option<Range<usize>>) {
        self.row.push((bucket, 1.0));
    }
    fn hand(&mut self, index: usize, value: f32) {
        self.row.push((self.n_buckets + index as u32, value));
    }
}

fn featurise(text: &str, bits: u32, kind: Meaning) -> Row {
    let mut rows = Rows { n_buckets: 1 << bits, row: Vec::new() };
    features::visit(text, bits, &mut rows);
    let mut row = rows.row;
    if kind != Meaning::None {
        let base = (1u32 << bits) + features::HAND.len() as u32;
        let mut x = vec![0f32; meaning::DIMS];
        meaning::inputs_into(kind, text, &mut x);
        row.extend(x.iter().enumerate().filter(|(_, &v)| v != 0.0).map(|(d, &v)| (base + d as u32, v)));
    }
    row.sort_by_key(|&(i, _)| i);
    row.dedup_by(|later, kept| {
        let same = later.0 == kept.0;
        if same {
            kept.1 += later.1;
        }
        same
    });
    row
}

/// One training sentence: per head, the target (1 a claim, 0 not) and the weight of its loss (0 leaves the head
/// untouched).
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub text: String,
    pub target: [f32; HEADS],
    pub weight: [f32; HEADS],
}

impl Item {
    /// A ClaimBuster sentence: check-worthy is CFS, factual is CFS or UFS; both heads learn from it.
    pub fn from_claimbuster(e: &Example) -> Item {
        let t = [View::CheckWorthy, View::Factual].map(|v| if e.label(v) { 1.0 } else { 0.0 });
        Item { text: e.text.clone(), target: t, weight: [1.0; HEADS] }
    }
}

/// Fits both heads on ClaimBuster `examples` alone (thresholds are left at 0.5; see [`build`]).
pub fn train(examples: &[Example], config: &TrainConfig) -> Detector {
    let items: Vec<Item> = examples.iter().map(Item::from_claimbuster).collect();
    train_items(&items, config)
}

/// Fits both heads on weighted `items` (thresholds are left at 0.5).
pub fn train_items(items: &[Item], config: &TrainConfig) -> Detector {
    let n_buckets = 1u32 << config.bits;
    let mut rows: Vec<Row> = items.iter().map(|e| featurise(&e.text, config.bits, config.meaning)).collect();
    let mut seen = vec![0u32; n_buckets as usize];
    for row in &rows {
        for &(i, _) in row.iter().take_while(|(i, _)| *i < n_buckets) {
            seen[i as usize] += 1;
        }
    }
    for row in &mut rows {
        row.retain(|&(i, _)| i >= n_buckets || seen[i as usize] >= config.min_count);
    }

    let mut model = Model::zeros(config.bits);
    model.meaning = config.meaning;
    // The meaning inputs feed the factual head only: the check-worthy head is chosen on spoken debate, where
    // the embedding lowered its F1, so its weights over them stay zero and it is the head trained without them.
    let meaning_base = model.meaning_base() as u32;
    let reads_meaning = |h: usize| h == View::Factual.head();
    let mut grad_sq = vec![[0f32; HEADS]; model.weights.len()];
    let mut bias_sq = [0f32; HEADS];
    let mut order: Vec<usize> = (0..items.len()).collect();
    let mut rng = SplitMix64::new(config.seed);
    for _ in 0..config.epochs {
        rng.shuffle(&mut order);
        for &k in &order {
            let row = &rows[k];
            let mut z = model.bias;
            for &(i, x) in row {
                for (zh, w) in z.iter_mut().zip(model.weights[i as usize]) {
                    *zh += w * x;
                }
            }
            for h in 0..HEADS {
                let weight = items[k].weight[h];
                if weight == 0.0 {
                    continue;
                }
                let g = weight * (1.0 / (1.0 + (-z[h]).exp()) - items[k].target[h]);
                bias_sq[h] += g * g;
                model.bias[h] -= config.learning_rate * g / (bias_sq[h].sqrt() + 1e-6);
                for &(i, x) in row {
                    if i >= meaning_base && !reads_meaning(h) {
                        continue;
                    }
                    let w = &mut model.weights[i as usize][h];
                    let gi = g * x + config.l2 * *w;
                    let acc = &mut grad_sq[i as usize][h];
                    *acc += gi * gi;
                    *w -= config.learning_rate * gi / (acc.sqrt() + 1e-6);
                }
            }
        }
    }
    model.quantise();
    let texts: Vec<&str> = items.iter().map(|i| i.text.as_str()).collect();
    model.vocab = name_strongest(&model, &texts, config);
    Detector::from_model(model)
}

/// Names for the buckets with the strongest weights: the most frequent n-gram text seen in each.
fn name_strongest(model: &Model, texts: &[&str], config: &TrainConfig) -> Vec<(u32, String)> {
    let n = model.n_buckets();
    let mut chosen: Vec<u32> = Vec::new();
    for h in 0..HEADS {
        let mut idx: Vec<u32> = (0..n as u32).filter(|&b| model.weights[b as usize][h] != 0.0).collect();
        idx.sort_by(|&a, &b| model.weights[b as usize][h].total_cmp(&model.weights[a as usize][h]).then(a.cmp(&b)));
        chosen.extend(idx.iter().take(config.vocab_per_side));
        chosen.extend(idx.iter().rev().take(config.vocab_per_side));
    }
    chosen.sort_unstable();
    chosen.dedup();

    struct Names<'a> {
        wanted: &'a [u32],
        text: &'a str,
        counts: HashMap<(u32, String), u32>,
    }
    impl Sink for Names<'_> {
        fn ngram(&mut self, bucket: u32, first: Range<usize>, second: Option<Range<usize>>) {
            if self.wanted.binary_search(&bucket).is_ok() {
                let mut name = String::new();
                features::normalise_into(&self.text[first], &mut name);
                if let Some(second) = second {
                    let mut s = String::new();
                    features::normalise_into(&self.text[second], &mut s);
                    name = format!("{name} {s}");
                }
                *self.counts.entry((bucket, name)).or_default() += 1;
            }
        }
        fn hand(&mut self, _: usize, _: f32) {}
    }
    let mut names = Names { wanted: &chosen, text: "", counts: HashMap::new() };
    for text in texts {
        names.text = text;
        features::visit(text, model.bits, &mut names);
    }
    let mut counted: Vec<((u32, String), u32)> = names.counts.into_iter().collect();
    // Per bucket, the most frequent text wins; ties go to the alphabetically first, never to hash order.
    counted.sort_by(|(ka, ca), (kb, cb)| ka.0.cmp(&kb.0).then(cb.cmp(ca)).then(ka.1.cmp(&kb.1)));
    counted.dedup_by(|later, kept| later.0 .0 == kept.0 .0);
    counted.into_iter().map(|((b, name), _)| (b, name)).collect()
}

/// What [`build`] made, with the figures that go beside the model file.
#[derive(Debug)]
pub struct Built {
    pub detector: Detector,
    /// Per data file: name, SHA-256, sentences trained on, sentences kept for the thresholds.
    pub provenance: Vec<(String, String, usize, usize)>,
    pub train_size: usize,
    /// The development part the check-worthy threshold was chosen on.
    pub dev: Vec<DevItem>,
    /// The journalism set's cross-validated scores the factual threshold was chosen on.
    pub folded: Folded,
}

/// The lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The digest a model records of its data: SHA-256 over one `name sha256` line per file that contributed.
pub fn data_digest(provenance: &[(String, String, usize, usize)], dev: bool) -> [u8; 32] {
    let mut h = Sha256::new();
    for (name, sha, n_train, n_dev) in provenance {
        if (if dev { *n_dev } else { *n_train }) > 0 {
            h.update(format!("{name} {sha}\n").as_bytes());
        }
    }
    h.finalize().into()
}

/// How a development sentence counts when a view's threshold is chosen: `None` when it does not (an objective
/// news sentence may or may not be a fact), else whether it is positive, and its weight.
pub fn dev_target(d: &DevItem, view: View) -> Option<bool> {
    if d.set == "newssd" && d.label == Label::Other {
        return None;
    }
    Some(match view {
        View::CheckWorthy => d.checkworthy,
        View::Factual => d.label == Label::Fact,
    })
}

/// The default recall of the out-of-fold journalism facts at which the factual threshold is set.
pub const FACT_RECALL: f64 = 0.75;

/// Out-of-fold factual scores of the journalism sentences trained on, a question, heading or fragment scoring 0
/// as `check` would never flag it.
pub type Folded = Vec<FoldedItem>;

/// One journalism sentence scored by the model that was trained without its fold.
#[derive(Clone, Debug, PartialEq)]
pub struct FoldedItem {
    pub score: f32,
    pub text: String,
    pub journal: Journal,
}

/// Trains on the mixture of `files` and chooses each view's threshold. Factual (the view `check` enforces by
/// default): cross-validated over the journalism sentences by outlet (a model per fold, trained without that
/// fold's outlets, scores them), the highest threshold at which `config.fact_recall` of those out-of-fold facts
/// are claims, since written journalism is what `check` reads; without that set, maximum F1 over the
/// development part. Check-worthy: maximum F1 of ClaimBuster's CFS on its development part, with NewsSD-ENG's
/// subjective sentences as further negatives. The model itself is trained on everything.
pub fn build(files: &Files, config: &TrainConfig) -> Result<Built, DataError> {
    let mix = mixture(files, config)?;
    let mut folded: Folded = Vec::new();
    if mix.folds.iter().any(Option::is_some) {
        for fold in 0..FOLDS {
            let train: Vec<Item> =
                mix.train.iter().zip(&mix.folds).filter(|(_, f)| **f != Some(fold)).map(|(i, _)| i.clone()).collect();
            let d = train_items(&train, config);
            for ((item, f), j) in mix.train.iter().zip(&mix.folds).zip(&mix.journalism) {
                if let (Some(f), Some(journal)) = (f, j) {
                    if *f == fold {
                        let score = if Guard::of(&item.text).is_some() { 0.0 } else { d.scores(&item.text).factual };
                        folded.push(FoldedItem { score, text: item.text.clone(), journal: journal.clone() });
                    }
                }
            }
        }
    }
    let Detector { mut model } = train_items(&mix.train, config);
    model.data_sha256 = [data_digest(&mix.provenance, false), data_digest(&mix.provenance, true)];
    let scored = Detector::from_model(model.clone());
    let score = |d: &DevItem, view: View| scored.scores(&d.text).get(view);
    let mut facts: Vec<f32> = folded.iter().filter(|x| x.journal.label == Label::Fact).map(|x| x.score).collect();
    facts.sort_by(|a, b| b.total_cmp(a));
    model.thresholds[View::Factual.head()] = match facts.len() {
        0 => {
            let (s, l): (Vec<f32>, Vec<bool>) = mix
                .dev
                .iter()
                .filter_map(|d| dev_target(d, View::Factual).map(|t| (score(d, View::Factual), t)))
                .unzip();
            eval::best_f1_threshold(&s, &l)
        }
        n => {
            // Halfway between the last fact that must pass and the next one down, like best_f1_threshold.
            let k = ((n as f64 * config.fact_recall).ceil() as usize).clamp(1, n);
            match facts.get(k) {
                Some(next) => (facts[k - 1] + next) / 2.0,
                None => facts[k - 1],
            }
        }
    };
    let (s, l): (Vec<f32>, Vec<bool>) = mix
        .dev
        .iter()
        .filter(|d| d.set == "claimbuster" || (d.set == "newssd" && d.label == Label::Opinion))
        .map(|d| (score(d, View::CheckWorthy), d.checkworthy))
        .unzip();
    model.thresholds[View::CheckWorthy.head()] = eval::best_f1_threshold(&s, &l);
    Ok(Built {
        detector: Detector::from_model(model),
        provenance: mix.provenance,
        train_size: mix.train.len(),
        dev: mix.dev,
        folded,
    })
}
