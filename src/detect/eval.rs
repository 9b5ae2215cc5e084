//! Evaluation: precision, recall, F1 of the positive class and average precision, with bootstrap intervals,
//! and the F1-maximising threshold.
//!
//! This file owns the metrics and the resampling; it reads no file and prints nothing (the
//! `evaluate_detector` example prints what it returns). Invariant: the same scores, labels, resample count and
//! seed give the same figures, so reported intervals can be reproduced exactly.

use super::data::Example;
use super::labelled::Label;
use super::rng::SplitMix64;
use super::{Detector, View};

/// Bootstrap resamples used for the reported intervals.
pub const RESAMPLES: usize = 1000;
/// Seed of the bootstrap used for the reported intervals.
pub const SEED: u64 = 20_200_101;

/// Metrics of the positive class at one threshold, plus the threshold-free average precision.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize)]
pub struct Metrics {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub average_precision: f64,
}

/// One view on one labelled set: point estimates and the 2.5th / 97.5th bootstrap percentiles of each metric.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Report {
    pub view: View,
    pub sentences: usize,
    pub positives: usize,
    pub threshold: f32,
    pub point: Metrics,
    pub low: Metrics,
    pub high: Metrics,
}

/// Scores `examples` with `detector` at its own thresholds and reports both views.
pub fn evaluate(detector: &Detector, examples: &[Example], resamples: usize, seed: u64) -> Vec<Report> {
    let scores: Vec<_> = examples.iter().map(|e| detector.scores(&e.text)).collect();
    View::ALL
        .iter()
        .map(|&view| {
            let s: Vec<f32> = scores.iter().map(|x| x.get(view)).collect();
            let labels: Vec<bool> = examples.iter().map(|e| e.label(view)).collect();
            report(view, &s, &labels, detector.threshold(view), resamples, seed)
        })
        .collect()
}

/// Point metrics and bootstrap percentiles for one view.
pub fn report(view: View, scores: &[f32], labels: &[bool], threshold: f32, resamples: usize, seed: u64) -> Report {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    let sorted: Vec<(f32, bool)> = order.iter().map(|&i| (scores[i], labels[i])).collect();
    let point = weighted(&sorted, &vec![1; sorted.len()], threshold);
    let mut rng = SplitMix64::new(seed);
    let mut samples = Vec::with_capacity(resamples);
    let mut counts = vec![0u32; sorted.len()];
    for _ in 0..resamples {
        counts.iter_mut().for_each(|c| *c = 0);
        for _ in 0..sorted.len() {
            counts[rng.below(sorted.len())] += 1;
        }
        samples.push(weighted(&sorted, &counts, threshold));
    }
    let pick = |q: f64| {
        let field = |get: fn(&Metrics) -> f64| {
            let mut v: Vec<f64> = samples.iter().map(get).collect();
            v.sort_by(f64::total_cmp);
            v.get(((v.len() as f64 - 1.0) * q).round() as usize).copied().unwrap_or(f64::NAN)
        };
        Metrics {
            precision: field(|m| m.precision),
            recall: field(|m| m.recall),
            f1: field(|m| m.f1),
            average_precision: field(|m| m.average_precision),
        }
    };
    Report {
        view,
        sentences: scores.len(),
        positives: labels.iter().filter(|&&l| l).count(),
        threshold,
        point,
        low: pick(0.025),
        high: pick(0.975),
    }
}

/// Metrics over `sorted` (by score, descending) where item `i` counts `weight[i]` times.
fn weighted(sorted: &[(f32, bool)], weight: &[u32], threshold: f32) -> Metrics {
    let positives: f64 = sorted.iter().zip(weight).filter(|((_, l), _)| *l).map(|(_, &w)| f64::from(w)).sum();
    let (mut tp, mut fp, mut ap) = (0f64, 0f64, 0f64);
    let (mut tp_at, mut fp_at) = (0f64, 0f64);
    let mut i = 0;
    while i < sorted.len() {
        // Equal scores form one step of the precision-recall curve, as in scikit-learn.
        let score = sorted[i].0;
        let before = tp;
        while i < sorted.len() && sorted[i].0 == score {
            let w = f64::from(weight[i]);
            if sorted[i].1 {
                tp += w;
            } else {
                fp += w;
            }
            i += 1;
        }
        if tp > before && positives > 0.0 {
            ap += (tp - before) / positives * tp / (tp + fp);
        }
        if score >= threshold {
            (tp_at, fp_at) = (tp, fp);
        }
    }
    let precision = if tp_at + fp_at > 0.0 { tp_at / (tp_at + fp_at) } else { 0.0 };
    let recall = if positives > 0.0 { tp_at / positives } else { 0.0 };
    let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
    Metrics { precision, recall, f1, average_precision: ap }
}

/// The threshold that maximises F1: halfway between the lowest accepted score and the next lower one (the
/// highest such cut when several tie).
pub fn best_f1_threshold(scores: &[f32], labels: &[bool]) -> f32 {
    let mut sorted: Vec<(f32, bool)> = scores.iter().copied().zip(labels.iter().copied()).collect();
    sorted.sort_by(|a, b| b.0.total_cmp(&a.0));
    let positives = labels.iter().filter(|&&l| l).count() as f64;
    let (mut tp, mut fp) = (0f64, 0f64);
    let (mut best_f1, mut best) = (-1.0, 0.5f32);
    let mut i = 0;
    while i < sorted.len() {
        let score = sorted[i].0;
        while i < sorted.len() && sorted[i].0 == score {
            if sorted[i].1 {
                tp += 1.0;
            } else {
                fp += 1.0;
            }
            i += 1;
        }
        let f1 = if tp > 0.0 { 2.0 * tp / (2.0 * tp + fp + (positives - tp)) } else { 0.0 };
        if f1 > best_f1 {
            best_f1 = f1;
            best = match sorted.get(i) {
                Some(&(next, _)) => (score + next) / 2.0,
                None => score,
            };
        }
    }
    best
}

/// A figure with the 2.5th and 97.5th percentiles of its bootstrap distribution.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize)]
pub struct Interval {
    pub point: f64,
    pub low: f64,
    pub high: f64,
}

/// The gate on one labelled set: how well the sentences it flags are the facts, and how much of each kind of
/// sentence it flags.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct GateReport {
    pub sentences: usize,
    pub flagged: usize,
    pub facts: usize,
    /// Precision, recall and F1 of flagging the facts; `None` when the set has no facts.
    pub precision: Option<Interval>,
    pub recall: Option<Interval>,
    pub f1: Option<Interval>,
    /// Per label ("fact", "opinion", "other"), per tag ("tag news"), then per label and tag ("opinion (news)"):
    /// sentences, and the share flagged.
    pub shares: Vec<(String, usize, Interval)>,
}

/// Measures a gate's decisions: `items` are (label, tag, flagged). Intervals come from `resamples` bootstrap
/// resamples of the items drawn with `seed`.
pub fn gate(items: &[(Label, &str, bool)], resamples: usize, seed: u64) -> GateReport {
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    let mut group = |name: String, i: usize| match groups.iter_mut().find(|(n, _)| *n == name) {
        Some((_, v)) => v.push(i),
        None => groups.push((name, vec![i])),
    };
    for label in Label::ALL {
        for (i, _) in items.iter().enumerate().filter(|(_, it)| it.0 == label) {
            group(label.as_str().to_string(), i);
        }
    }
    let mut tags: Vec<&str> = items.iter().map(|it| it.1).filter(|t| !t.is_empty()).collect();
    tags.sort_unstable();
    tags.dedup();
    for &tag in &tags {
        for (i, _) in items.iter().enumerate().filter(|(_, it)| it.1 == tag) {
            group(format!("tag {tag}"), i);
        }
    }
    for label in Label::ALL {
        for &tag in &tags {
            for (i, _) in items.iter().enumerate().filter(|(_, it)| it.0 == label && it.1 == tag) {
                group(format!("{} ({tag})", label.as_str()), i);
            }
        }
    }
    // Figures of one weighting of the items: [precision, recall, f1, share flagged per group...].
    let figures = |weight: &dyn Fn(usize) -> f64| {
        let (mut tp, mut fp, mut fneg) = (0f64, 0f64, 0f64);
        for (i, &(label, _, flagged)) in items.iter().enumerate() {
            let w = weight(i);
            match (label == Label::Fact, flagged) {
                (true, true) => tp += w,
                (false, true) => fp += w,
                (true, false) => fneg += w,
                (false, false) => {}
            }
        }
        let precision = if tp + fp > 0.0 { tp / (tp + fp) } else { 0.0 };
        let recall = if tp + fneg > 0.0 { tp / (tp + fneg) } else { 0.0 };
        let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
        let mut out = vec![precision, recall, f1];
        for (_, members) in &groups {
            let n: f64 = members.iter().map(|&i| weight(i)).sum();
            let k: f64 = members.iter().filter(|&&i| items[i].2).map(|&i| weight(i)).sum();
            out.push(if n > 0.0 { k / n } else { f64::NAN });
        }
        out
    };
    let point = figures(&|_| 1.0);
    let mut rng = SplitMix64::new(seed);
    let mut samples: Vec<Vec<f64>> = Vec::with_capacity(resamples);
    let mut counts = vec![0u32; items.len()];
    for _ in 0..resamples {
        counts.iter_mut().for_each(|c| *c = 0);
        for _ in 0..items.len() {
            counts[rng.below(items.len())] += 1;
        }
        samples.push(figures(&|i| f64::from(counts[i])));
    }
    let interval = |k: usize| {
        let mut v: Vec<f64> = samples.iter().map(|s| s[k]).filter(|x| !x.is_nan()).collect();
        v.sort_by(f64::total_cmp);
        let at = |q: f64| v.get(((v.len() as f64 - 1.0) * q).round() as usize).copied().unwrap_or(point[k]);
        Interval { point: point[k], low: at(0.025), high: at(0.975) }
    };
    let facts = items.iter().filter(|it| it.0 == Label::Fact).count();
    let has_facts = (facts > 0).then_some(());
    GateReport {
        sentences: items.len(),
        flagged: items.iter().filter(|it| it.2).count(),
        facts,
        precision: has_facts.map(|()| interval(0)),
        recall: has_facts.map(|()| interval(1)),
        f1: has_facts.map(|()| interval(2)),
        shares: groups
            .iter()
            .enumerate()
            .map(|(k, (name, members))| (name.clone(), members.len(), interval(3 + k)))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn average_precision_matches_the_textbook_case() {
        // scikit-learn's average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.8333...
        let r = report(View::Factual, &[0.1, 0.4, 0.35, 0.8], &[false, false, true, true], 0.5, 0, 1);
        assert!((r.point.average_precision - 5.0 / 6.0).abs() < 1e-12);
        assert_eq!((r.point.precision, r.point.recall), (1.0, 0.5));
    }

    #[test]
    fn threshold_separates_when_possible() {
        let t = best_f1_threshold(&[0.9, 0.8, 0.3, 0.2], &[true, true, false, false]);
        assert!((t - 0.55).abs() < 1e-6);
    }

    #[test]
    fn bootstrap_is_reproducible_and_brackets_the_point() {
        let scores: Vec<f32> = (0..200).map(|i| ((i * 37) % 100) as f32 / 100.0).collect();
        let labels: Vec<bool> = (0..200).map(|i| (i * 37) % 100 > 40 && i % 7 != 0).collect();
        let a = report(View::CheckWorthy, &scores, &labels, 0.5, 200, 9);
        assert_eq!(a, report(View::CheckWorthy, &scores, &labels, 0.5, 200, 9));
        assert!(a.low.f1 <= a.point.f1 && a.point.f1 <= a.high.f1);
    }

    #[test]
    fn gate_counts_facts_and_shares() {
        let items = [
            (Label::Fact, "news", true),
            (Label::Fact, "news", false),
            (Label::Opinion, "column", true),
            (Label::Opinion, "column", false),
            (Label::Opinion, "column", false),
            (Label::Other, "", false),
        ];
        let r = gate(&items, 200, 3);
        assert_eq!((r.sentences, r.flagged, r.facts), (6, 2, 2));
        let (p, rc) = (r.precision.unwrap(), r.recall.unwrap());
        assert_eq!((p.point, rc.point), (0.5, 0.5));
        let names: Vec<&str> = r.shares.iter().map(|s| s.0.as_str()).collect();
        assert_eq!(names, ["fact", "opinion", "other", "tag column", "tag news", "fact (news)", "opinion (column)"]);
        let opinion = &r.shares[1];
        assert_eq!(opinion.1, 3);
        assert!((opinion.2.point - 1.0 / 3.0).abs() < 1e-12);
        assert!(opinion.2.low <= opinion.2.point && opinion.2.point <= opinion.2.high);
        assert_eq!(r, gate(&items, 200, 3));
        let none = gate(&[(Label::Opinion, "", false)], 10, 1);
        assert!(none.precision.is_none() && none.f1.is_none());
    }
}
