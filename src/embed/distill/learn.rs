//! Tuning the distilled vectors on whole sentences (Tokenlearn's recipe): each token's static vector is moved
//! so that the mean over a sentence's tokens points where the transformer's embedding of the whole sentence
//! points.
//!
//! This file owns the three steps after [`super::derive`]: the transformer's sentence embeddings of a corpus
//! (the teacher, [`teacher`]), their PCA to the encoder's dimensions, and the fitting of the token table to them
//! ([`tune`]): first one linear map of the whole table (least squares, so that tokens the corpus never shows
//! move into the new space too), then Adam on the rows each sentence uses. It reads the training text ([`corpus`]) and keeps the teacher's output in a cache file when asked
//! ([`write_teacher`]), nothing else. Invariant: the result is a function of the inputs and the [`Tune`] settings;
//! fitting runs on one thread in a fixed order, so it does not depend on the machine's thread count.

use std::collections::HashSet;
use std::path::Path;

use rayon::prelude::*;

use sha2::{Digest, Sha256};

use super::bert::Bert;
use super::pca::{symmetric_eigen, Pca};
use crate::detect::SplitMix64;
use crate::embed::{Encoder, Vectors};

/// Sequences per transformer batch: fixed, so that results do not depend on the number of threads.
const BATCH: usize = 32;

/// The longest sequence the teacher reads, in word pieces (all-MiniLM-L6-v2's `max_seq_length`).
pub const MAX_PIECES: usize = 256;

/// The settings of a fit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tune {
    pub epochs: usize,
    /// Sentences per step.
    pub batch: usize,
    /// Adam's step size.
    pub rate: f32,
    /// Ridge term of the initial linear map.
    pub ridge: f64,
    pub seed: u64,
}

impl Default for Tune {
    fn default() -> Self {
        Self { epochs: 20, batch: 64, rate: 3e-3, ridge: 1.0, seed: 20261129 }
    }
}

/// The training text, from train splits only, in a fixed order, each text once: the CheckThat! claim-retrieval
/// train queries and (with `claims`) the verified claims they are matched against, ClaimBuster's crowdsourced
/// sentences, NewsSD-ENG's train split (all in `data`, the shared data folder), and the journalism training
/// sentences in `fixtures` (`train-*.tsv`).
pub fn corpus(data: &Path, fixtures: &Path, claims: bool) -> Result<Vec<String>, String> {
    use crate::detect::{data::parse_claimbuster, labelled};
    let read = |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
    let mut texts = Vec::new();
    for task in ["2a-tweets-snopes", "2b-debates-politifact"] {
        let split = crate::matching::checkthat::read(&data.join("checkthat/claim-retrieval").join(task), "train")?;
        texts.extend(split.queries.into_iter().map(|q| q.text));
        if claims {
            texts.extend(split.claims);
        }
    }
    let cb = data.join("claimbuster/crowdsourced.csv");
    texts.extend(
        parse_claimbuster(&read(&cb)?).map_err(|e| format!("{}: {e}", cb.display()))?.into_iter().map(|e| e.text),
    );
    let sd = data.join("newssd/train.csv");
    texts.extend(
        labelled::parse_newssd(&read(&sd)?).map_err(|e| format!("{}: {e}", sd.display()))?.into_iter().map(|l| l.text),
    );
    for name in ["train-a.tsv", "train-b.tsv", "train-c.tsv"] {
        let p = fixtures.join(name);
        texts.extend(
            labelled::parse(&read(&p)?).map_err(|e| format!("{}: {e}", p.display()))?.into_iter().map(|l| l.text),
        );
    }
    let mut seen = HashSet::new();
    texts.retain(|t| !t.trim().is_empty() && seen.insert(t.clone()));
    Ok(texts)
}

/// The first `n` sentences of the test split of the journalism set in `fixtures` (`sentences.tsv`): text that
/// [`corpus`] never includes, for measuring a tuned encoder against the transformer.
pub fn held_out(fixtures: &Path, n: usize) -> Result<Vec<String>, String> {
    let p = fixtures.join("sentences.tsv");
    let text = std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
    let rows = crate::detect::labelled::parse(&text).map_err(|e| format!("{}: {e}", p.display()))?;
    Ok(rows.into_iter().filter(|r| r.split == "test").map(|r| r.text).take(n).collect())
}

/// How closely `encoder` follows the transformer on `texts`: the [`agreement`] of its embeddings with the
/// teacher's (the ids framed as [`teacher`] frames them).
pub fn agreement_with(bert: &Bert, encoder: &Encoder, texts: &[String]) -> f64 {
    let wp = encoder.wordpiece();
    let (Some(cls), Some(sep)) = (wp.id("[CLS]"), wp.id("[SEP]")) else { return 0.0 };
    let targets = teacher(bert, cls, sep, &sequences(encoder, texts), &|_| {});
    let ours: Vec<f32> = texts.iter().flat_map(|t| encoder.embed(t)).collect();
    agreement(&ours, encoder.dims(), &targets, bert.shape().hidden)
}

/// The ids the encoder pools for each text ([`Encoder::pooled_ids`]).
pub fn sequences(encoder: &Encoder, texts: &[String]) -> Vec<Vec<u32>> {
    texts
        .iter()
        .map(|t| {
            let mut ids = Vec::new();
            encoder.pooled_ids(t, &mut ids);
            ids
        })
        .collect()
}

/// A digest of id sequences, which names the corpus a teacher cache belongs to.
pub fn digest(seqs: &[Vec<u32>]) -> [u8; 32] {
    let mut h = Sha256::new();
    for s in seqs {
        h.update((s.len() as u32).to_le_bytes());
        s.iter().for_each(|id| h.update(id.to_le_bytes()));
    }
    h.finalize().into()
}

/// The teacher's embeddings from a cache file written by [`write_teacher`] for the corpus of `digest`
/// (`len` values); `None` when the file is absent or belongs to another corpus.
pub fn read_teacher(path: &Path, digest: &[u8; 32], len: usize) -> Option<Vec<f32>> {
    let bytes = std::fs::read(path).ok()?;
    if bytes.len() != 32 + 4 * len || &bytes[..32] != digest {
        return None;
    }
    Some(bytes[32..].chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect())
}

/// Keeps the teacher's embeddings of the corpus of `digest` in `path`.
pub fn write_teacher(path: &Path, digest: &[u8; 32], values: &[f32]) -> std::io::Result<()> {
    let mut bytes = digest.to_vec();
    values.iter().for_each(|v| bytes.extend_from_slice(&v.to_le_bytes()));
    std::fs::write(path, bytes)
}

/// [`tune`] on stored vectors: the same vocabulary and quantisation, the fitted rows.
pub fn tuned(start: &Vectors, seqs: &[Vec<u32>], targets: &[f32], hidden: usize, t: Tune) -> (Vectors, Fit) {
    let init: Vec<f32> = (0..start.vocab.len()).flat_map(|i| start.row(i)).collect();
    let (table, fit) = tune(&init, start.dims, seqs, targets, hidden, t);
    (Vectors::quantise(start.dims, start.vocab.clone(), start.unk.clone(), &table, start.quant()), fit)
}

/// How alike two embeddings of the same sentences rank their pairs: the Pearson correlation of the cosines of
/// every pair of rows of `a` (`[n, da]`) with those of `b` (`[n, db]`). Rows need not have unit length.
pub fn agreement(a: &[f32], da: usize, b: &[f32], db: usize) -> f64 {
    let pairs = |m: &[f32], d: usize| -> Vec<f64> {
        let rows: Vec<Vec<f32>> = m
            .chunks_exact(d)
            .map(|r| {
                let mut r = r.to_vec();
                unit(&mut r);
                r
            })
            .collect();
        let mut out = Vec::new();
        for i in 0..rows.len() {
            for j in i + 1..rows.len() {
                out.push(rows[i].iter().zip(&rows[j]).map(|(x, y)| x * y).sum::<f32>() as f64);
            }
        }
        out
    };
    let (x, y) = (pairs(a, da), pairs(b, db));
    assert_eq!(x.len(), y.len(), "the same sentences in both");
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(&y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    sxy / (sxx * syy).sqrt().max(1e-300)
}

/// The transformer's sentence embedding of each sequence of word-piece ids (framed with `[CLS]` and `[SEP]`
/// here, cut to [`MAX_PIECES`]): mean-pooled last hidden states, unit length, `[n, hidden]`. `progress` is told
/// how many sequences are done, from any thread.
pub fn teacher(bert: &Bert, cls: u32, sep: u32, seqs: &[Vec<u32>], progress: &(dyn Fn(usize) + Sync)) -> Vec<f32> {
    let h = bert.shape().hidden;
    let done = std::sync::atomic::AtomicUsize::new(0);
    let batches: Vec<Vec<f32>> = seqs
        .par_chunks(BATCH)
        .map(|chunk| {
            let framed: Vec<Vec<u32>> = chunk
                .iter()
                .map(|s| {
                    let mut f = Vec::with_capacity(s.len().min(MAX_PIECES - 2) + 2);
                    f.push(cls);
                    f.extend_from_slice(&s[..s.len().min(MAX_PIECES - 2)]);
                    f.push(sep);
                    f
                })
                .collect();
            let refs: Vec<&[u32]> = framed.iter().map(Vec::as_slice).collect();
            let mut pooled = bert.pooled(&refs);
            pooled.chunks_exact_mut(h).for_each(unit);
            let n = done.fetch_add(chunk.len(), std::sync::atomic::Ordering::Relaxed) + chunk.len();
            progress(n);
            pooled
        })
        .collect();
    batches.concat()
}

/// What a fit reports: mean cosine between the student's and the teacher's embeddings (in the reduced space),
/// on the sentences fitted and on those set aside (every twentieth), before and after.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Fit {
    pub explained: f64,
    pub start_fitted: f64,
    pub start_held: f64,
    pub mapped_fitted: f64,
    pub mapped_held: f64,
    pub end_fitted: f64,
    pub end_held: f64,
}

/// Fits the token table `init` (`[vocab, dims]`) to the teacher's embeddings `targets` (`[n, hidden]`, one per
/// sequence of `seqs`, which hold the ids the encoder pools). Returns the new table and the figures of the fit.
/// Sequences with no ids are skipped.
pub fn tune(init: &[f32], dims: usize, seqs: &[Vec<u32>], targets: &[f32], hidden: usize, t: Tune) -> (Vec<f32>, Fit) {
    assert_eq!(targets.len(), seqs.len() * hidden, "one target per sequence");
    let mut fit = Fit::default();
    let pca = Pca::fit(targets, hidden, dims);
    fit.explained = pca.explained();
    let mut goal = pca.transform(targets);
    goal.chunks_exact_mut(dims).for_each(unit);
    let used: Vec<usize> = (0..seqs.len()).filter(|&i| !seqs[i].is_empty()).collect();
    let (held, fitted): (Vec<usize>, Vec<usize>) = used.iter().partition(|&&i| i % 20 == 0);
    let score = |table: &[f32], which: &[usize]| mean_cosine(table, dims, seqs, &goal, which);
    (fit.start_fitted, fit.start_held) = (score(init, &fitted), score(init, &held));

    let map = linear_map(init, dims, seqs, &goal, &fitted, t.ridge);
    let start = apply_map(init, dims, &map);
    (fit.mapped_fitted, fit.mapped_held) = (score(&start, &fitted), score(&start, &held));

    let mut table = start.clone();
    let mut adam = Adam::new(table.len());
    let mut order = fitted.clone();
    let mut rng = SplitMix64::new(t.seed);
    let mut grad = vec![0f32; table.len()];
    let mut touched: Vec<usize> = Vec::new();
    let mut mark = vec![false; table.len() / dims];
    let mut s = vec![0f32; dims];
    for _ in 0..t.epochs {
        rng.shuffle(&mut order);
        for step in order.chunks(t.batch) {
            for &i in step {
                let ids = &seqs[i];
                pool(&table, dims, ids, &mut s);
                let g = &goal[i * dims..(i + 1) * dims];
                // d(1 - cos(s, g))/ds = -(ĝ - cos·ŝ)/|s|, and ds/d(row) = 1/len for each use of the row.
                let norm = s.iter().map(|v| v * v).sum::<f32>().sqrt().max(1e-12);
                let cos = s.iter().zip(g).map(|(a, b)| a * b).sum::<f32>() / norm;
                let k = 1.0 / (norm * ids.len() as f32 * step.len() as f32);
                for &id in ids {
                    let r = id as usize;
                    if !mark[r] {
                        mark[r] = true;
                        touched.push(r);
                    }
                    let row = &mut grad[r * dims..(r + 1) * dims];
                    for ((gr, sv), gv) in row.iter_mut().zip(&s).zip(g) {
                        *gr -= k * (gv - cos * sv / norm);
                    }
                }
            }
            adam.tick();
            for &r in &touched {
                let span = r * dims..(r + 1) * dims;
                for j in span {
                    table[j] -= t.rate * adam.step(j, grad[j]);
                    grad[j] = 0.0;
                }
                mark[r] = false;
            }
            touched.clear();
        }
    }
    (fit.end_fitted, fit.end_held) = (score(&table, &fitted), score(&table, &held));
    (table, fit)
}

/// Adam's moment estimates, updated row by row (a row no sentence of a step uses keeps its moments).
struct Adam {
    m: Vec<f32>,
    v: Vec<f32>,
    t: i32,
}

impl Adam {
    const B1: f32 = 0.9;
    const B2: f32 = 0.999;

    fn new(n: usize) -> Self {
        Self { m: vec![0.0; n], v: vec![0.0; n], t: 0 }
    }

    fn tick(&mut self) {
        self.t += 1;
    }

    /// The bias-corrected step direction for parameter `j` with gradient `g`.
    fn step(&mut self, j: usize, g: f32) -> f32 {
        self.m[j] = Self::B1 * self.m[j] + (1.0 - Self::B1) * g;
        self.v[j] = Self::B2 * self.v[j] + (1.0 - Self::B2) * g * g;
        let mh = self.m[j] / (1.0 - Self::B1.powi(self.t));
        let vh = self.v[j] / (1.0 - Self::B2.powi(self.t));
        mh / (vh.sqrt() + 1e-8)
    }
}

/// The sum of the rows of `ids` into `out`.
fn pool(table: &[f32], dims: usize, ids: &[u32], out: &mut [f32]) {
    out.fill(0.0);
    for &id in ids {
        let row = &table[id as usize * dims..(id as usize + 1) * dims];
        out.iter_mut().zip(row).for_each(|(o, v)| *o += v);
    }
}

fn mean_cosine(table: &[f32], dims: usize, seqs: &[Vec<u32>], goal: &[f32], which: &[usize]) -> f64 {
    let mut s = vec![0f32; dims];
    let total: f64 = which
        .iter()
        .map(|&i| {
            pool(table, dims, &seqs[i], &mut s);
            unit(&mut s);
            s.iter().zip(&goal[i * dims..(i + 1) * dims]).map(|(a, b)| a * b).sum::<f32>() as f64
        })
        .sum();
    total / which.len().max(1) as f64
}

/// The `dims × dims` matrix `W` minimising `Σ |ŝᵢ W - gᵢ|² + ridge·|W|²` over the sentences `which`, where `ŝᵢ`
/// is sentence `i`'s unit-length pooled vector under `table`.
fn linear_map(table: &[f32], dims: usize, seqs: &[Vec<u32>], goal: &[f32], which: &[usize], ridge: f64) -> Vec<f64> {
    let mut a = vec![0f64; dims * dims];
    let mut b = vec![0f64; dims * dims];
    let mut s = vec![0f32; dims];
    for &i in which {
        pool(table, dims, &seqs[i], &mut s);
        unit(&mut s);
        let g = &goal[i * dims..(i + 1) * dims];
        for (r, &sr) in s.iter().enumerate() {
            let sr = sr as f64;
            for c in 0..dims {
                a[r * dims + c] += sr * s[c] as f64;
                b[r * dims + c] += sr * g[c] as f64;
            }
        }
    }
    (0..dims).for_each(|i| a[i * dims + i] += ridge);
    // A⁻¹ = V diag(1/λ) Vᵀ (A is symmetric and, with the ridge, positive definite).
    let (values, vectors) = symmetric_eigen(a, dims);
    let mut vt_b = vec![0f64; dims * dims];
    for k in 0..dims {
        for r in 0..dims {
            let v = vectors[r * dims + k];
            for c in 0..dims {
                vt_b[k * dims + c] += v * b[r * dims + c];
            }
        }
    }
    let mut w = vec![0f64; dims * dims];
    for r in 0..dims {
        for k in 0..dims {
            let v = vectors[r * dims + k] / values[k];
            for c in 0..dims {
                w[r * dims + c] += v * vt_b[k * dims + c];
            }
        }
    }
    w
}

/// Every row of `table` times `map`.
fn apply_map(table: &[f32], dims: usize, map: &[f64]) -> Vec<f32> {
    let mut out = vec![0f32; table.len()];
    for (row, o) in table.chunks_exact(dims).zip(out.chunks_exact_mut(dims)) {
        for (r, &x) in row.iter().enumerate() {
            if x != 0.0 {
                let x = x as f64;
                let m = &map[r * dims..(r + 1) * dims];
                o.iter_mut().zip(m).for_each(|(o, w)| *o += (x * w) as f32);
            }
        }
    }
    out
}

/// Scales `v` to unit length (leaves all zeros alone).
fn unit(v: &mut [f32]) {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|x| *x /= n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table of `rows` random vectors of `dims` values in [-1, 1].
    fn table(rows: usize, dims: usize, seed: u64) -> Vec<f32> {
        let mut rng = SplitMix64::new(seed);
        (0..rows * dims).map(|_| (rng.below(2001) as f32 - 1000.0) / 1000.0).collect()
    }

    /// Sentences of 3 to 8 ids out of `vocab`.
    fn sentences(n: usize, vocab: usize, seed: u64) -> Vec<Vec<u32>> {
        let mut rng = SplitMix64::new(seed);
        (0..n).map(|_| (0..3 + rng.below(6)).map(|_| rng.below(vocab) as u32).collect()).collect()
    }

    #[test]
    fn agreement_is_one_for_the_same_embeddings_and_lower_for_others() {
        let a = table(20, 6, 1);
        assert!((agreement(&a, 6, &a, 6) - 1.0).abs() < 1e-9);
        let scaled: Vec<f32> = a.iter().map(|x| x * 3.0).collect();
        assert!((agreement(&a, 6, &scaled, 6) - 1.0).abs() < 1e-9, "lengths do not matter");
        let other = table(20, 9, 2);
        assert!(agreement(&a, 6, &other, 9) < 0.5);
    }

    #[test]
    fn fitting_moves_sentence_means_towards_the_teacher_and_is_deterministic() {
        // The teacher pools a hidden table of another width through a nonlinearity, so no linear map of the
        // start can reproduce it exactly; the fit must then do better than the map on sentences it never saw.
        let (vocab, dims, hidden) = (60, 8, 12);
        let teacher_table = table(vocab, hidden, 3);
        let seqs = sentences(2000, vocab, 4);
        let mut targets = Vec::with_capacity(seqs.len() * hidden);
        for s in &seqs {
            let mut v = vec![0f32; hidden];
            pool(&teacher_table, hidden, s, &mut v);
            v.iter_mut().for_each(|x| *x = x.tanh());
            unit(&mut v);
            targets.extend(v);
        }
        let start = table(vocab, dims, 5);
        let t = Tune { epochs: 10, ..Tune::default() };
        let (fitted, fit) = tune(&start, dims, &seqs, &targets, hidden, t);
        assert!(fit.mapped_held > fit.start_held, "{fit:?}");
        assert!(fit.end_held > fit.mapped_held + 0.01, "{fit:?}");
        assert!(fit.end_fitted >= fit.end_held - 0.05, "{fit:?}");
        let (again, _) = tune(&start, dims, &seqs, &targets, hidden, t);
        assert!(fitted == again, "two fits of the same data differ");
    }
}
