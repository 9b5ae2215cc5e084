//! Distillation: from the published transformer to one static vector per vocabulary token (Model2Vec's recipe).
//!
//! This module owns the derivation that `examples/distill_encoder` runs and the re-derivation test repeats:
//! every vocabulary token goes through the transformer alone (`[CLS] token [SEP]`), the last hidden state at the
//! token's position is kept ([`bert`]; Model2Vec mean-pools the three positions, which measured worse here,
//! see `MODEL.md`), the vectors are reduced by PCA ([`pca`]), weighted so that frequent tokens
//! count less (smooth inverse frequency over the vocabulary's frequency order), and quantised
//! ([`super::format`]). It reads the model package ([`source`]) but never the disk otherwise, and never runs at
//! check time. Invariant: the result is a function of the package bytes and the [`Config`]; batches are
//! fixed, so the thread count does not change it (only the CPU's floating-point kernels can, by a rounding).

pub mod bert;
pub mod learn;
pub mod pca;
pub mod source;

use rayon::prelude::*;

use self::bert::{Bert, Shape};
use self::pca::Pca;
use self::source::{Source, SourceError};
use super::format::{Quant, Vectors};

/// The choices of a derivation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Config {
    /// Dimensions kept by PCA (at most the transformer's hidden size).
    pub dims: usize,
    /// The smooth-inverse-frequency coefficient `a` of the weight `a / (a + p(token))`; 0 for no weighting.
    pub sif: f64,
    pub quant: Quant,
}

impl Default for Config {
    fn default() -> Self {
        Self { dims: 256, sif: 1e-5, quant: Quant::Int8 }
    }
}

/// Sequences per transformer batch: fixed, so that results do not depend on the number of threads.
const BATCH: usize = 64;

/// The transformer's output for each vocabulary token on its own (`[CLS] token [SEP]`, the token's position),
/// `[vocab, hidden]`, and the vocabulary. `progress` is told how many tokens are done, from any thread.
pub fn token_vectors(
    source: &Source,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<(Vec<f32>, Vec<String>, String), SourceError> {
    let (vocab, unk) = source.vocabulary()?;
    let shape = Shape { vocab: vocab.len(), ..Shape::MINILM_L6 };
    let bert = Bert::load(&mut source.tensors()?, shape)?;
    let id = |t: &str| vocab.iter().position(|v| v == t).map(|i| i as u32);
    let (cls, sep) = match (id("[CLS]"), id("[SEP]")) {
        (Some(c), Some(s)) => (c, s),
        _ => return Err(SourceError::Bad { path: "tokenizer.json".into(), reason: "no [CLS] or [SEP] token".into() }),
    };
    let ids: Vec<u32> = (0..vocab.len() as u32).collect();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let batches: Vec<Vec<f32>> = ids
        .par_chunks(BATCH)
        .map(|chunk| {
            let seqs: Vec<[u32; 3]> = chunk.iter().map(|&t| [cls, t, sep]).collect();
            let refs: Vec<&[u32]> = seqs.iter().map(|s| &s[..]).collect();
            // The token's own position: the framing tokens' states are shared by every token and blur it.
            let states = bert.hidden_states(&refs);
            let h = bert.shape().hidden;
            let out: Vec<f32> = states.chunks_exact(3 * h).flat_map(|s| s[h..2 * h].iter().copied()).collect();
            let n = done.fetch_add(chunk.len(), std::sync::atomic::Ordering::Relaxed) + chunk.len();
            progress(n);
            out
        })
        .collect();
    Ok((batches.concat(), vocab, unk))
}

/// What a derivation produced, with the figures its record reports.
pub struct Derived {
    pub vectors: Vectors,
    /// Share of the pooled vectors' variance the kept PCA components explain.
    pub explained: f64,
}

/// From pooled token vectors (`[vocab, hidden]`) to the encoder's vectors.
pub fn finish(pooled: &[f32], hidden: usize, vocab: Vec<String>, unk: String, config: Config) -> Derived {
    let dims = config.dims.min(hidden);
    let pca = Pca::fit(pooled, hidden, dims);
    let mut reduced = pca.transform(pooled);
    for (row, w) in reduced.chunks_exact_mut(dims).zip(sif_weights(vocab.len(), config.sif)) {
        row.iter_mut().for_each(|v| *v *= w as f32);
    }
    let vectors = Vectors::quantise(dims, vocab, unk, &reduced, config.quant);
    Derived { vectors, explained: pca.explained() }
}

/// The whole derivation from the model package.
pub fn derive(source: &Source, config: Config, progress: &(dyn Fn(usize) + Sync)) -> Result<Derived, SourceError> {
    let (pooled, vocab, unk) = token_vectors(source, progress)?;
    Ok(finish(&pooled, Shape::MINILM_L6.hidden, vocab, unk, config))
}

/// Smooth inverse frequency weights `a / (a + p)`, where `p` follows Zipf's law over the vocabulary order
/// (WordPiece vocabularies list frequent pieces first), as Model2Vec does; all ones when `a` is 0.
pub fn sif_weights(n: usize, a: f64) -> Vec<f64> {
    if a <= 0.0 {
        return vec![1.0; n];
    }
    let inv: Vec<f64> = (0..n).map(|r| 1.0 / (r + 2) as f64).collect();
    let total: f64 = inv.iter().sum();
    inv.into_iter().map(|x| a / (a + x / total)).collect()
}
