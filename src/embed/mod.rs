//! Sentence embeddings from static token vectors distilled from all-MiniLM-L6-v2.
//!
//! This module owns the [`Encoder`]: a text is split into WordPiece ids ([`wordpiece`]), each id has one
//! fixed vector, and the sentence vector is their mean, L2-normalised. Web addresses and handles are skipped. The vectors were derived from the
//! transformer once, at development time ([`distill`], run by `examples/distill_encoder`; provenance, licence
//! and scores in `MODEL.md`), and the result is compiled into the crate (`model.bin`), so nothing is fetched or
//! computed per word at run time. It embeds text it is given; it does not decide what counts as similar
//! enough (its callers do). Invariant: [`Encoder::embed`] is a pure function of the model bytes and the text,
//! and its output has unit length or is all zeros (no known token).

pub mod distill;
pub mod format;
pub mod wordpiece;

#[cfg(test)]
mod tests;

use std::sync::OnceLock;

pub use self::format::{FormatError, Quant, Values, Vectors};
pub use self::wordpiece::WordPiece;

/// The committed encoder file, as compiled into the crate.
pub static BUILTIN_MODEL: &[u8] = include_bytes!("model.bin");

/// Static token vectors and the tokenizer that finds them.
#[derive(Clone, Debug)]
pub struct Encoder {
    wordpiece: WordPiece,
    dims: usize,
    /// As stored: int8 stays int8 in memory (a quarter of the bytes, and what the cache sees).
    values: Values,
}

impl Encoder {
    /// The compiled-in encoder, parsed on first use.
    pub fn get() -> &'static Encoder {
        static BUILTIN: OnceLock<Encoder> = OnceLock::new();
        BUILTIN.get_or_init(|| Encoder::from_bytes(BUILTIN_MODEL).expect("the committed encoder parses (tested)"))
    }

    /// An encoder from the bytes of an encoder file.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, FormatError> {
        Ok(Self::from_vectors(Vectors::from_bytes(bytes)?))
    }

    /// An encoder over vectors held in memory (for evaluation before they are written).
    pub fn from_vectors(v: Vectors) -> Self {
        let wordpiece = WordPiece::new(v.vocab.iter().map(String::as_str), &v.unk)
            .expect("Vectors::from_bytes checked that the unknown token is in the vocabulary");
        Self { wordpiece, dims: v.dims, values: v.values }
    }

    /// The length of every embedding.
    pub fn dims(&self) -> usize {
        self.dims
    }

    /// The tokenizer, for callers that want the ids themselves.
    pub fn wordpiece(&self) -> &WordPiece {
        &self.wordpiece
    }

    /// The unit-length embedding of `text`; all zeros when no word of it is known.
    pub fn embed(&self, text: &str) -> Vec<f32> {
        let mut out = vec![0.0; self.dims];
        self.embed_into(text, &mut out);
        out
    }

    /// Writes the embedding of `text` into `out` (of length [`Encoder::dims`]); returns whether any token of
    /// the text has a vector. Reuses a per-thread buffer for the token ids, so a loop allocates nothing.
    pub fn embed_into(&self, text: &str, out: &mut [f32]) -> bool {
        thread_local! {
            static IDS: std::cell::RefCell<Vec<u32>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        assert_eq!(out.len(), self.dims, "embedding buffer has the wrong length");
        out.fill(0.0);
        IDS.with(|ids| {
            let mut ids = ids.borrow_mut();
            self.pooled_ids(text, &mut ids);
            for &id in ids.iter() {
                self.add_row(id as usize, out);
            }
        });
        normalise(out)
    }

    /// The ids whose vectors the embedding of `text` averages, in text order, into `ids` (cleared first):
    /// WordPiece ids of every chunk that is not a web address or handle, unknown pieces left out.
    pub fn pooled_ids(&self, text: &str, ids: &mut Vec<u32>) {
        ids.clear();
        for chunk in text.split([' ', '\t', '\n', '\r']).filter(|c| !c.is_empty() && !is_link_or_handle(c)) {
            self.wordpiece.ids_into(chunk, ids);
        }
        let unk = self.wordpiece.unk();
        ids.retain(|&id| id != unk);
    }

    fn add_row(&self, id: usize, out: &mut [f32]) {
        let d = self.dims;
        match &self.values {
            Values::Int8 { scales, bytes } => {
                let s = scales[id];
                for (o, &v) in out.iter_mut().zip(&bytes[id * d..(id + 1) * d]) {
                    *o += s * v as f32;
                }
            }
            Values::F16(values) => {
                for (o, &v) in out.iter_mut().zip(&values[id * d..(id + 1) * d]) {
                    *o += v;
                }
            }
        }
    }
}

/// A web address or a social-media handle: a dozen word pieces of no meaning ("https", ":", "/", "t", ".",
/// "co", ...) that would outweigh the words of a short sentence, so [`Encoder::embed`] skips them.
fn is_link_or_handle(chunk: &str) -> bool {
    let c = chunk.trim_start_matches(['(', '[', '<', '"', '\'']);
    c.contains("://")
        || c.starts_with("www.")
        || c.starts_with("pic.twitter.com/")
        || c.strip_prefix('@').is_some_and(|h| h.chars().next().is_some_and(|x| x.is_alphanumeric() || x == '_'))
}

/// Scales `v` to unit length; false (and `v` left as zeros) when it has none.
fn normalise(v: &mut [f32]) -> bool {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 && norm.is_finite() {
        v.iter_mut().for_each(|x| *x /= norm);
        true
    } else {
        v.fill(0.0);
        false
    }
}

/// The cosine of two vectors: their dot product over their lengths, 0 when either is all zeros.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    assert_eq!(a.len(), b.len(), "cosine of vectors of different lengths");
    let (mut dot, mut na, mut nb) = (0f32, 0f32, 0f32);
    for (x, y) in a.iter().zip(b) {
        dot += x * y;
        na += x * x;
        nb += y * y;
    }
    if na == 0.0 || nb == 0.0 {
        return 0.0;
    }
    (dot / (na.sqrt() * nb.sqrt())).clamp(-1.0, 1.0)
}
