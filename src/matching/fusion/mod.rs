//! Re-ranking the lexical candidates of a sentence: BM25 fused with what the matcher sees in each claim.
//!
//! The search index proposes the [`DEPTH`] best claims by BM25; this file scores each with a small logistic
//! model over [`FEATURES`]: the BM25 score (relative to the best of the list and absolute), the rank, the share
//! of the claim the sentence covers and of the sentence the claim covers (IDF-weighted, from
//! [`super::compare`]'s analysis), the matcher's decision, agreement of figures and names, and the cosine of
//! the two texts' sentence embeddings ([`crate::embed`]), which sees paraphrases that share few words, with how
//! far that cosine is behind the best of the pool and its rank by cosine (a pointwise model cannot compare the
//! candidates of one sentence otherwise). The weights are derived data (`model.json`, trained by `examples/train_fusion.rs` on CheckThat!
//! train splits, see `MODEL.md` beside this file). This file neither searches nor decides match or
//! conflict: the index proposes, [`super::compare`] judges.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::analyze::{analyze, Analysis};
use super::figure::Compat;
use super::score::{compare, Decision, Scored};
use super::terms::clean;
use super::KeyWeights;

/// How many lexical candidates are re-ranked per sentence.
pub const DEPTH: usize = 12;

/// The log-odds at or above which the first candidate of a sentence is taken as the claim it restates, when
/// the matcher finds no match and nothing in the sentence disagrees with that claim ([`super::Scored::agrees`];
/// applied by `check` and `match`). Chosen on the CheckThat! train splits before the journalism units were scored
/// with it: of the 2A train queries whose first candidate is at 1.5 or more, 98.8% have the right claim there;
/// with every claim a query restates removed from the ledger, 2.1% of 2A's and 2.5% of 2B's queries still have
/// one so high, and at 1.0 9.3% and 6.6%. With the guard, `match` matches 226 of 997 2A train queries instead of
/// 132 (214 right instead of 120); figures for every split in `MODEL.md`.
pub const LIKELY: f32 = 1.5;

/// The log-odds at or above which the first candidate is taken as a match, as with [`LIKELY`], when the sentence
/// also writes one of the claim's telling figures and one of its names ([`super::Scored::anchored`]): a count,
/// amount or date in common is evidence that the search's words alone do not give. Chosen on the CheckThat!
/// train splits, where with every claim a query restates removed from the ledger such an anchored first
/// candidate at 0.5 or more is rare: 1 more wrong match of 997 2A queries and 1 of 472 2B queries than
/// [`LIKELY`] alone makes, against 4 and 1 more right ones; figures in `MODEL.md`.
pub const LIKELY_ANCHORED: f32 = 0.5;

/// The share of the claim the sentence must cover for [`LIKELY`] to make its first candidate a match: less than
/// two fifths is a neighbour of the claim, not a statement of it (a photo caption that names the court and the
/// man in it, against a claim of what the court ruled). On 1,399 real news sentences of the articles the
/// journalism units come from, which no split holds, it keeps all four such neighbours from a match; it costs 6
/// of the rule's 2A train matches (208 right instead of 214) and 1 of the 81 journalism units the rule took in.
pub const LIKELY_SHARE: f32 = 0.4;

/// The features, in the order of the model's weights.
pub const FEATURES: [&str; 12] = [
    "bm25_relative",
    "bm25_log",
    "reciprocal_rank",
    "claim_covered",
    "sentence_covered",
    "decision_match",
    "decision_conflict",
    "figures_shared",
    "names_shared",
    "cosine",
    "cosine_behind_best",
    "cosine_reciprocal_rank",
];

/// One candidate's features.
pub type Features = [f32; FEATURES.len()];

/// A logistic model over [`FEATURES`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Model {
    pub features: Vec<String>,
    pub weights: Vec<f32>,
    pub bias: f32,
}

impl Model {
    /// The committed model.
    pub fn builtin() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| {
            let model: Model = serde_json::from_str(include_str!("model.json")).expect("model.json parses");
            assert_eq!(model.features, FEATURES, "model.json was trained on other features");
            model
        })
    }

    /// The model's log-odds that the candidate is a claim the sentence restates.
    pub fn score(&self, x: &Features) -> f32 {
        self.bias + self.weights.iter().zip(x).map(|(w, v)| w * v).sum::<f32>()
    }
}

/// The features of each lexical candidate (claim text and BM25 score, best first) for one sentence.
pub fn features(sentence: &str, pool: &[(&str, f32)], weights: &dyn KeyWeights) -> Vec<Features> {
    judged_features(sentence, pool, weights).into_iter().map(|(x, _)| x).collect()
}

/// [`features`], each with the matcher's verdict on the pair when it was drawn from the texts as they are
/// (`None` when [`clean`] changed the sentence or the claim, so that the matcher, which reads the texts as
/// they are, could decide otherwise).
fn judged_features(sentence: &str, pool: &[(&str, f32)], weights: &dyn KeyWeights) -> Vec<(Features, Option<Scored>)> {
    let Some(best) = pool.iter().map(|(_, s)| *s).reduce(f32::max) else { return Vec::new() };
    let cleaned = clean(sentence);
    let sentence_as_is = cleaned == sentence;
    let analysed = analyze(&cleaned);
    let sentence_total: f32 = analysed.stems.iter().map(|s| weights.weight(s)).sum();
    let encoder = crate::embed::Encoder::get();
    let sentence_vector = encoder.embed(sentence);
    let cosines: Vec<f32> =
        pool.iter().map(|(text, _)| crate::embed::cosine(&sentence_vector, &encoder.embed(text))).collect();
    let best_cosine = cosines.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    pool.iter()
        .enumerate()
        .map(|(rank, (text, bm25))| {
            let cosine = cosines[rank];
            let cosine_rank = cosines.iter().filter(|&&c| c > cosine).count();
            let cleaned = clean(text);
            let claim = analyze(&cleaned);
            let scored = compare(&analysed, &claim, weights);
            let shared: f32 = analysed.stems.iter().filter(|s| claim.has_stem(s)).map(|s| weights.weight(s)).sum();
            let x = [
                if best > 0.0 { bm25 / best } else { 0.0 },
                (1.0 + bm25.max(0.0)).ln(),
                1.0 / (1.0 + rank as f32),
                scored.score,
                if sentence_total > 0.0 { shared / sentence_total } else { 0.0 },
                f32::from(matches!(scored.decision, Decision::Match)),
                f32::from(matches!(scored.decision, Decision::Conflict { .. })),
                figures_shared(&analysed, &claim),
                names_shared(&analysed, &claim),
                cosine,
                cosine - best_cosine,
                1.0 / (1.0 + cosine_rank as f32),
            ];
            (x, (sentence_as_is && cleaned == *text).then_some(scored))
        })
        .collect()
}

/// The pool re-ranked by the built-in model: (index into `pool`, fused score, the matcher's verdict when
/// [`judged_features`] could draw it), best first.
pub fn rerank(sentence: &str, pool: &[(&str, f32)], weights: &dyn KeyWeights) -> Vec<(usize, f32, Option<Scored>)> {
    let model = Model::builtin();
    let mut scored: Vec<(usize, f32, Option<Scored>)> = judged_features(sentence, pool, weights)
        .into_iter()
        .enumerate()
        .map(|(i, (x, verdict))| (i, model.score(&x), verdict))
        .collect();
    // Ties keep the lexical order.
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    scored
}

/// The share of the claim's explicit figures the sentence states too (1 when the claim has none).
fn figures_shared(sentence: &Analysis, claim: &Analysis) -> f32 {
    let figures: Vec<_> = claim.figures.iter().filter(|f| !f.implicit).collect();
    if figures.is_empty() {
        return 1.0;
    }
    let same = figures.iter().filter(|f| sentence.figures.iter().any(|g| g.compat(f) == Compat::Same)).count();
    same as f32 / figures.len() as f32
}

/// The share of the claim's names whose head word the sentence has (1 when the claim names nobody).
fn names_shared(sentence: &Analysis, claim: &Analysis) -> f32 {
    if claim.names.is_empty() {
        return 1.0;
    }
    let found = claim.names.iter().filter(|n| sentence.has_stem(&n.head)).count();
    found as f32 / claim.names.len() as f32
}

/// Fits a logistic model to labelled candidates (features, restated or not) by Newton's method with a small
/// L2 penalty: a few exact steps, deterministic, so the committed weights can be derived again and compared.
pub fn fit(examples: &[(Features, bool)]) -> Model {
    const L2: f64 = 1e-3;
    const STEPS: usize = 25;
    let n = FEATURES.len() + 1; // the bias is the last coordinate
    let mut w = vec![0.0f64; n];
    let row = |x: &Features| x.iter().map(|v| f64::from(*v)).chain([1.0]).collect::<Vec<f64>>();
    for _ in 0..STEPS {
        let mut grad = vec![0.0f64; n];
        let mut hess = vec![vec![0.0f64; n]; n];
        for (x, y) in examples {
            let x = row(x);
            let z: f64 = w.iter().zip(&x).map(|(a, b)| a * b).sum();
            let p = 1.0 / (1.0 + (-z).exp());
            let err = p - f64::from(u8::from(*y));
            let curv = (p * (1.0 - p)).max(1e-9);
            for i in 0..n {
                grad[i] += err * x[i];
                for j in 0..n {
                    hess[i][j] += curv * x[i] * x[j];
                }
            }
        }
        for i in 0..n - 1 {
            grad[i] += L2 * examples.len() as f64 * w[i];
            hess[i][i] += L2 * examples.len() as f64;
        }
        hess[n - 1][n - 1] += 1e-9;
        let step = solve(hess, grad);
        for (wi, s) in w.iter_mut().zip(&step) {
            *wi -= s;
        }
    }
    // Rounded, so that the file reads well and a re-derivation compares exactly.
    let round = |v: f64| ((v * 1e3).round() / 1e3) as f32;
    Model {
        features: FEATURES.iter().map(|s| (*s).to_owned()).collect(),
        weights: w[..n - 1].iter().map(|v| round(*v)).collect(),
        bias: round(w[n - 1]),
    }
}

/// Solves `a x = b` by Gaussian elimination with partial pivoting (a is small and positive definite).
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Vec<f64> {
    let n = b.len();
    for col in 0..n {
        let pivot = (col..n).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs())).unwrap_or(col);
        a.swap(col, pivot);
        b.swap(col, pivot);
        let d = a[col][col];
        if d.abs() < 1e-12 {
            continue;
        }
        let (above, below) = a.split_at_mut(col + 1);
        let pivot_row = &above[col];
        for (k, row) in below.iter_mut().enumerate() {
            let f = row[col] / d;
            row[col..].iter_mut().zip(&pivot_row[col..]).for_each(|(x, p)| *x -= f * p);
            b[col + 1 + k] -= f * b[col];
        }
    }
    let mut x = vec![0.0; n];
    for r in (0..n).rev() {
        let s: f64 = (r + 1..n).map(|c| a[r][c] * x[c]).sum();
        x[r] = if a[r][r].abs() < 1e-12 { 0.0 } else { (b[r] - s) / a[r][r] };
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_separates_a_feature_that_predicts() {
        let mut examples = Vec::new();
        for i in 0..200 {
            let mut x = [0.0f32; FEATURES.len()];
            x[0] = (i % 10) as f32 / 10.0;
            x[3] = ((i * 7) % 10) as f32 / 10.0;
            examples.push((x, x[0] > 0.65 || (x[0] > 0.45 && i % 3 == 0)));
        }
        let model = fit(&examples);
        assert!(model.weights[0] > 1.0, "{model:?}");
        assert!(model.weights[0] > model.weights[3].abs() * 3.0, "{model:?}");
        assert_eq!(fit(&examples), model);
    }

    #[test]
    fn builtin_model_reads() {
        let m = Model::builtin();
        assert_eq!(m.weights.len(), FEATURES.len());
    }
}
