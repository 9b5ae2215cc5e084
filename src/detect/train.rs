//! Training: two logistic-regression heads fitted by seeded AdaGrad SGD, then quantised, named and thresholded.
//!
//! This file owns the learning procedure and its settings ([`TrainConfig`]); feature extraction is in
//! [`super::features`], the byte format in `model.rs`, the metrics in [`super::eval`]. Invariant: training is
//! deterministic. One thread, a fixed seed, a fixed order of floating-point operations and no hash-map
//! iteration in anything that reaches the model, so the same data and settings give a byte-identical file.

use std::collections::HashMap;
use std::ops::Range;

use sha2::{Digest, Sha256};

use super::data::Example;
use super::features::{self, Sink};
use super::model::{Model, HEADS};
use super::rng::SplitMix64;
use super::{eval, Detector, View};

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
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            bits: 18,
            epochs: 8,
            learning_rate: 0.1,
            l2: 1e-4,
            min_count: 2,
            seed: 0x00c1_a1ed_9e6e_72e5,
            vocab_per_side: 60,
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

fn featurise(text: &str, bits: u32) -> Row {
    let mut rows = Rows { n_buckets: 1 << bits, row: Vec::new() };
    features::visit(text, bits, &mut rows);
    let mut row = rows.row;
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

/// Fits both heads on `examples` (thresholds are left at 0.5; see [`build`]).
pub fn train(examples: &[Example], config: &TrainConfig) -> Detector {
    let n_buckets = 1u32 << config.bits;
    let mut rows: Vec<Row> = examples.iter().map(|e| featurise(&e.text, config.bits)).collect();
    let mut seen = vec![0u32; n_buckets as usize];
    for row in &rows {
        for &(i, _) in row.iter().take_while(|(i, _)| *i < n_buckets) {
            seen[i as usize] += 1;
        }
    }
    for row in &mut rows {
        row.retain(|&(i, _)| i >= n_buckets || seen[i as usize] >= config.min_count);
    }
    let targets: Vec<[f32; HEADS]> = examples
        .iter()
        .map(|e| [View::CheckWorthy, View::Factual].map(|v| if e.label(v) { 1.0 } else { 0.0 }))
        .collect();

    let mut model = Model::zeros(config.bits);
    let mut grad_sq = vec![[0f32; HEADS]; model.weights.len()];
    let mut bias_sq = [0f32; HEADS];
    let mut order: Vec<usize> = (0..examples.len()).collect();
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
                let g = 1.0 / (1.0 + (-z[h]).exp()) - targets[k][h];
                bias_sq[h] += g * g;
                model.bias[h] -= config.learning_rate * g / (bias_sq[h].sqrt() + 1e-6);
                for &(i, x) in row {
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
    model.vocab = name_strongest(&model, examples, config);
    Detector::from_model(model)
}

/// Names for the buckets with the strongest weights: the most frequent n-gram text seen in each.
fn name_strongest(model: &Model, examples: &[Example], config: &TrainConfig) -> Vec<(u32, String)> {
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
    for e in examples {
        names.text = &e.text;
        features::visit(&e.text, model.bits, &mut names);
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
    pub train_sha256: String,
    pub threshold_sha256: String,
    pub train_size: usize,
    pub reports: Vec<eval::Report>,
}

/// The lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Trains on `train_csv`, chooses each view's threshold to maximise F1 on `threshold_csv`, and records both
/// files' SHA-256 in the model.
pub fn build(train_csv: &str, threshold_csv: &str, config: &TrainConfig) -> Result<Built, super::data::DataError> {
    let train_set = super::data::parse_claimbuster(train_csv)?;
    let held = super::data::parse_claimbuster(threshold_csv)?;
    let Detector { mut model } = train(&train_set, config);
    model.data_sha256 = [Sha256::digest(train_csv.as_bytes()).into(), Sha256::digest(threshold_csv.as_bytes()).into()];
    let scored = Detector::from_model(model.clone());
    for view in View::ALL {
        let scores: Vec<f32> = held.iter().map(|e| scored.scores(&e.text).get(view)).collect();
        let labels: Vec<bool> = held.iter().map(|e| e.label(view)).collect();
        model.thresholds[view.head()] = eval::best_f1_threshold(&scores, &labels);
    }
    let detector = Detector::from_model(model);
    let reports = eval::evaluate(&detector, &held, eval::RESAMPLES, eval::SEED);
    Ok(Built {
        train_sha256: sha256_hex(train_csv.as_bytes()),
        threshold_sha256: sha256_hex(threshold_csv.as_bytes()),
        train_size: train_set.len(),
        detector,
        reports,
    })
}
