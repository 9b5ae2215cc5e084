//! The forward pass of a BERT encoder (all-MiniLM-L6-v2's shape), on the CPU, for distillation only.
//!
//! This file owns turning token ids into the transformer's mean-pooled last hidden state, as
//! sentence-transformers computes it (word + position + segment embeddings, layer norm, then per layer
//! multi-head self-attention and a GELU feed-forward block, each with a residual and a post-layer norm).
//! It reads weights from [`super::source::Tensors`] and never runs at check time: the encoder's static vectors
//! are what it leaves behind. Invariant: each sequence's output depends only on its own ids (no padding, no
//! cross-sequence attention), so results do not depend on how sequences are batched.

use super::source::{SourceError, Tensors};

/// The transformer's shape, as all-MiniLM-L6-v2's `config.json` gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape {
    pub vocab: usize,
    pub hidden: usize,
    pub layers: usize,
    pub heads: usize,
    pub intermediate: usize,
    pub max_positions: usize,
}

impl Shape {
    pub const MINILM_L6: Shape =
        Shape { vocab: 30522, hidden: 384, layers: 6, heads: 12, intermediate: 1536, max_positions: 512 };
}

const LAYER_NORM_EPS: f32 = 1e-12;

struct Linear {
    /// `[out, in]`, as PyTorch stores it.
    w: Vec<f32>,
    b: Vec<f32>,
    inp: usize,
    out: usize,
}

impl Linear {
    fn load(t: &mut Tensors, name: &str, inp: usize, out: usize) -> Result<Self, SourceError> {
        Ok(Self {
            w: t.take(&format!("{name}.weight"), &[out, inp])?,
            b: t.take(&format!("{name}.bias"), &[out])?,
            inp,
            out,
        })
    }

    /// `x` is `[rows, in]`; returns `[rows, out]` = x·Wᵀ + b.
    fn apply(&self, x: &[f32]) -> Vec<f32> {
        let rows = x.len() / self.inp;
        let mut y = Vec::with_capacity(rows * self.out);
        for _ in 0..rows {
            y.extend_from_slice(&self.b);
        }
        // SAFETY: the pointers and strides describe `x` ([rows, in], row-major), Wᵀ (W is [out, in] row-major,
        // so element (k, j) of Wᵀ is at j*in + k) and `y` ([rows, out]); all three are allocated to those sizes.
        unsafe {
            matrixmultiply::sgemm(
                rows,
                self.inp,
                self.out,
                1.0,
                x.as_ptr(),
                self.inp as isize,
                1,
                self.w.as_ptr(),
                1,
                self.inp as isize,
                1.0,
                y.as_mut_ptr(),
                self.out as isize,
                1,
            );
        }
        y
    }
}

struct Norm {
    gamma: Vec<f32>,
    beta: Vec<f32>,
}

impl Norm {
    fn load(t: &mut Tensors, name: &str, n: usize) -> Result<Self, SourceError> {
        Ok(Self { gamma: t.take(&format!("{name}.weight"), &[n])?, beta: t.take(&format!("{name}.bias"), &[n])? })
    }

    fn apply(&self, x: &mut [f32]) {
        let n = self.gamma.len();
        for row in x.chunks_exact_mut(n) {
            let mean = row.iter().sum::<f32>() / n as f32;
            let var = row.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / n as f32;
            let inv = 1.0 / (var + LAYER_NORM_EPS).sqrt();
            for ((v, g), b) in row.iter_mut().zip(&self.gamma).zip(&self.beta) {
                *v = (*v - mean) * inv * g + b;
            }
        }
    }
}

struct Layer {
    query: Linear,
    key: Linear,
    value: Linear,
    attn_out: Linear,
    attn_norm: Norm,
    up: Linear,
    down: Linear,
    out_norm: Norm,
}

/// A BERT encoder's weights.
pub struct Bert {
    shape: Shape,
    word: Vec<f32>,
    position: Vec<f32>,
    segment: Vec<f32>,
    embed_norm: Norm,
    layers: Vec<Layer>,
}

impl Bert {
    pub fn load(t: &mut Tensors, shape: Shape) -> Result<Self, SourceError> {
        let h = shape.hidden;
        let word = t.take("embeddings.word_embeddings.weight", &[shape.vocab, h])?;
        let position = t.take("embeddings.position_embeddings.weight", &[shape.max_positions, h])?;
        let segment = t.take("embeddings.token_type_embeddings.weight", &[2, h])?;
        let embed_norm = Norm::load(t, "embeddings.LayerNorm", h)?;
        let mut layers = Vec::with_capacity(shape.layers);
        for i in 0..shape.layers {
            let p = format!("encoder.layer.{i}");
            layers.push(Layer {
                query: Linear::load(t, &format!("{p}.attention.self.query"), h, h)?,
                key: Linear::load(t, &format!("{p}.attention.self.key"), h, h)?,
                value: Linear::load(t, &format!("{p}.attention.self.value"), h, h)?,
                attn_out: Linear::load(t, &format!("{p}.attention.output.dense"), h, h)?,
                attn_norm: Norm::load(t, &format!("{p}.attention.output.LayerNorm"), h)?,
                up: Linear::load(t, &format!("{p}.intermediate.dense"), h, shape.intermediate)?,
                down: Linear::load(t, &format!("{p}.output.dense"), shape.intermediate, h)?,
                out_norm: Norm::load(t, &format!("{p}.output.LayerNorm"), h)?,
            });
        }
        Ok(Self { shape, word, position, segment, embed_norm, layers })
    }

    pub fn shape(&self) -> Shape {
        self.shape
    }

    /// The static input embedding of one token (the word-embedding row), for comparison.
    pub fn input_embedding(&self, id: u32) -> &[f32] {
        let h = self.shape.hidden;
        &self.word[id as usize * h..(id as usize + 1) * h]
    }

    /// The last hidden states of a batch of sequences (each already framed by `[CLS]` and `[SEP]`),
    /// concatenated: `[total tokens, hidden]`. Sequences longer than the position table are cut.
    pub fn hidden_states(&self, seqs: &[&[u32]]) -> Vec<f32> {
        let h = self.shape.hidden;
        let seqs: Vec<&[u32]> = seqs.iter().map(|s| &s[..s.len().min(self.shape.max_positions)]).collect();
        let total: usize = seqs.iter().map(|s| s.len()).sum();
        let mut x = Vec::with_capacity(total * h);
        for s in &seqs {
            for (pos, &id) in s.iter().enumerate() {
                let w = &self.word[id as usize * h..(id as usize + 1) * h];
                let p = &self.position[pos * h..(pos + 1) * h];
                x.extend(w.iter().zip(p).zip(&self.segment[..h]).map(|((a, b), c)| a + b + c));
            }
        }
        self.embed_norm.apply(&mut x);
        for layer in &self.layers {
            x = self.layer(layer, &seqs, x);
        }
        x
    }

    /// Mean-pooled last hidden states, one row of `hidden` values per sequence.
    pub fn pooled(&self, seqs: &[&[u32]]) -> Vec<f32> {
        let h = self.shape.hidden;
        let x = self.hidden_states(seqs);
        let mut out = vec![0.0; seqs.len() * h];
        let mut at = 0;
        for (s, row) in seqs.iter().zip(out.chunks_exact_mut(h)) {
            let n = s.len().min(self.shape.max_positions);
            for t in x[at * h..(at + n) * h].chunks_exact(h) {
                row.iter_mut().zip(t).for_each(|(r, v)| *r += v);
            }
            row.iter_mut().for_each(|r| *r /= n as f32);
            at += n;
        }
        out
    }

    fn layer(&self, l: &Layer, seqs: &[&[u32]], x: Vec<f32>) -> Vec<f32> {
        let (q, k, v) = (l.query.apply(&x), l.key.apply(&x), l.value.apply(&x));
        let ctx = self.attention(seqs, &q, &k, &v);
        let mut a = l.attn_out.apply(&ctx);
        a.iter_mut().zip(&x).for_each(|(a, x)| *a += x);
        l.attn_norm.apply(&mut a);
        let mut up = l.up.apply(&a);
        up.iter_mut().for_each(|v| *v = gelu(*v));
        let mut out = l.down.apply(&up);
        out.iter_mut().zip(&a).for_each(|(o, a)| *o += a);
        l.out_norm.apply(&mut out);
        out
    }

    /// Scaled dot-product attention within each sequence, every head.
    fn attention(&self, seqs: &[&[u32]], q: &[f32], k: &[f32], v: &[f32]) -> Vec<f32> {
        let h = self.shape.hidden;
        let dh = h / self.shape.heads;
        let scale = 1.0 / (dh as f32).sqrt();
        let mut ctx = vec![0.0; q.len()];
        let mut scores = Vec::new();
        let mut at = 0;
        for s in seqs {
            let n = s.len();
            for head in 0..self.shape.heads {
                let off = head * dh;
                for i in 0..n {
                    let qi = &q[(at + i) * h + off..(at + i) * h + off + dh];
                    scores.clear();
                    scores.extend((0..n).map(|j| {
                        let kj = &k[(at + j) * h + off..(at + j) * h + off + dh];
                        qi.iter().zip(kj).map(|(a, b)| a * b).sum::<f32>() * scale
                    }));
                    let max = scores.iter().fold(f32::NEG_INFINITY, |m, &s| m.max(s));
                    let mut sum = 0.0;
                    scores.iter_mut().for_each(|s| {
                        *s = (*s - max).exp();
                        sum += *s;
                    });
                    let out = &mut ctx[(at + i) * h + off..(at + i) * h + off + dh];
                    for (j, p) in scores.iter().enumerate() {
                        let vj = &v[(at + j) * h + off..(at + j) * h + off + dh];
                        out.iter_mut().zip(vj).for_each(|(o, v)| *o += p / sum * v);
                    }
                }
            }
            at += n;
        }
        ctx
    }
}

/// GELU as BERT defines it, with the exact error function: x·Φ(x).
fn gelu(x: f32) -> f32 {
    let x = x as f64;
    (x * (1.0 - 0.5 * erfc(x * std::f64::consts::FRAC_1_SQRT_2))) as f32
}

/// The complementary error function, Chebyshev fit with fractional error below 1.2e-7 everywhere (Numerical
/// Recipes, `erfcc`), which is below the rounding of the f32 result.
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98 + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let r = t * poly.exp();
    if x >= 0.0 {
        r
    } else {
        2.0 - r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gelu_matches_known_values() {
        // x·Φ(x) from tables of the normal distribution.
        for (x, want) in [(0.0f32, 0.0f32), (1.0, 0.841_345), (-1.0, -0.158_655), (2.0, 1.9545), (-3.0, -0.004_05)] {
            assert!((gelu(x) - want).abs() < 2e-6, "gelu({x}) = {} not {want}", gelu(x));
        }
    }
}
