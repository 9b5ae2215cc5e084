//! The labelled corpus test: every sentence of `tests/fixtures/matching/corpus.tsv` against the reference claims.
//!
//! This file owns the end-to-end check of the module: retrieval through [`super::query_keys`] and
//! [`super::pick_keys`] over an in-memory inverted index built from [`super::index_keys`], then [`super::compare`]
//! on the candidates. It asserts the targets (every restatement matched, every wrong figure or name a conflict
//! and never a match, no opinion or question matched) and prints per-category results for `--nocapture`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::{analyze, compare, idf, index_keys, pick_keys, query_keys, Decision, KeyWeights, Uniform};

const CLAIMS: &str = include_str!("../../tests/fixtures/matching/claims.txt");
const CORPUS: &str = include_str!("../../tests/fixtures/matching/corpus.tsv");

/// How many keys a sentence may look up, as the index will.
const MAX_KEYS: usize = 4;

struct Row {
    expected: BTreeSet<(usize, bool)>,
    kind: String,
    sentence: String,
}

/// `match:6+7`, `conflict:6`, `match:7;conflict:6`, `none` as a set of (claim number, is a match).
fn parse_label(label: &str) -> BTreeSet<(usize, bool)> {
    let mut out = BTreeSet::new();
    for part in label.split(';').filter(|p| *p != "none") {
        let (what, ids) = part.split_once(':').expect("label is decision:ids");
        for id in ids.split('+') {
            out.insert((id.parse().expect("claim number"), what == "match"));
        }
    }
    out
}

fn rows() -> Vec<Row> {
    CORPUS
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(cols.len(), 3, "corpus line {l:?}");
            Row { expected: parse_label(cols[0]), kind: cols[1].to_owned(), sentence: cols[2].to_owned() }
        })
        .collect()
}

struct Index {
    postings: HashMap<String, Vec<usize>>,
    claims: usize,
}

impl Index {
    fn build(claims: &[&str]) -> Index {
        let mut postings: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, c) in claims.iter().enumerate() {
            for k in index_keys(c) {
                postings.entry(k).or_default().push(i);
            }
        }
        Index { postings, claims: claims.len() }
    }

    fn df(&self, key: &str) -> u64 {
        self.postings.get(key).map_or(0, |p| p.len() as u64)
    }

    fn candidates(&self, sentence: &str) -> BTreeSet<usize> {
        let keys: Vec<(String, u64)> = query_keys(sentence).into_iter().map(|k| (k.clone(), self.df(&k))).collect();
        pick_keys(&keys, MAX_KEYS, 10_000).into_iter().flat_map(|k| self.postings[k].iter().copied()).collect()
    }
}

struct Idf<'a>(&'a Index);

impl KeyWeights for Idf<'_> {
    fn weight(&self, key: &str) -> f32 {
        idf(self.0.df(key), self.0.claims as u64)
    }
}

#[derive(Default)]
struct Tally {
    rows: usize,
    exact: usize,
    true_pos: usize,
    false_pos: usize,
    false_neg: usize,
}

/// Runs the corpus; returns per-kind tallies and the list of failures against the targets.
fn run(weights: &dyn KeyWeights, index: &Index, claims: &[&str]) -> (BTreeMap<String, Tally>, Vec<String>) {
    let analysed: Vec<_> = claims.iter().map(|c| analyze(c)).collect();
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    let mut failures = Vec::new();
    for row in rows() {
        let s = analyze(&row.sentence);
        let candidates = index.candidates(&row.sentence);
        let mut got = BTreeSet::new();
        let mut detail = Vec::new();
        for &i in &candidates {
            let scored = compare(&s, &analysed[i], weights);
            match &scored.decision {
                Decision::Match => {
                    got.insert((i + 1, true));
                }
                Decision::Conflict { .. } => {
                    got.insert((i + 1, false));
                }
                Decision::NoMatch => {}
            }
            detail.push(format!("{}:{:.2}:{:?}", i + 1, scored.score, scored.decision));
        }
        for (id, _) in &row.expected {
            if !candidates.contains(&(id - 1)) {
                failures.push(format!("retrieval missed claim {id}: {}", row.sentence));
            }
        }
        let t = tallies.entry(row.kind.clone()).or_default();
        t.rows += 1;
        t.exact += usize::from(got == row.expected);
        t.true_pos += got.intersection(&row.expected).count();
        t.false_pos += got.difference(&row.expected).count();
        t.false_neg += row.expected.difference(&got).count();
        if got != row.expected && row.kind != "limitation" {
            failures.push(format!(
                "[{}] expected {:?} got {:?}: {}\n    {}",
                row.kind,
                row.expected,
                got,
                row.sentence,
                detail.join(" ")
            ));
        }
    }
    (tallies, failures)
}

#[test]
#[allow(clippy::print_stderr)]
fn corpus_meets_targets() {
    let claims: Vec<&str> = CLAIMS.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(claims.len(), 13);
    assert!(rows().len() >= 80);
    let index = Index::build(&claims);
    let mut all_failures = Vec::new();
    for (label, weights) in [("idf", &Idf(&index) as &dyn KeyWeights), ("uniform", &Uniform)] {
        let (tallies, failures) = run(weights, &index, &claims);
        eprintln!("weights: {label}");
        eprintln!("{:<14} {:>4} {:>6} {:>9} {:>7}", "kind", "rows", "exact", "precision", "recall");
        for (kind, t) in &tallies {
            let p =
                if t.true_pos + t.false_pos == 0 { 1.0 } else { t.true_pos as f64 / (t.true_pos + t.false_pos) as f64 };
            let r =
                if t.true_pos + t.false_neg == 0 { 1.0 } else { t.true_pos as f64 / (t.true_pos + t.false_neg) as f64 };
            eprintln!("{kind:<14} {:>4} {:>6} {p:>9.2} {r:>7.2}", t.rows, t.exact);
        }
        all_failures.extend(failures.into_iter().map(|f| format!("{label}: {f}")));
    }
    assert!(all_failures.is_empty(), "{} failures:\n{}", all_failures.len(), all_failures.join("\n"));
}

/// Not a benchmark (debug builds are slow), a guard against a scorer that stops being cheap.
#[test]
#[allow(clippy::print_stderr)]
fn compare_is_cheap() {
    let claims: Vec<_> = CLAIMS.lines().filter(|l| !l.is_empty()).map(analyze).collect();
    let sentences: Vec<_> = rows().iter().map(|r| analyze(&r.sentence)).collect();
    // The encoder's one-time parse is not the scorer's cost.
    let _ = crate::embed::Encoder::get();
    let started = std::time::Instant::now();
    let mut matches = 0;
    for s in &sentences {
        for c in &claims {
            matches += usize::from(compare(s, c, &Uniform).decision == Decision::Match);
        }
    }
    let per = started.elapsed() / (sentences.len() * claims.len()) as u32;
    eprintln!("compare: {per:?} per pair ({matches} matches)");
    assert!(per < std::time::Duration::from_micros(200), "{per:?}");
}
