//! The detector's meaning features: a sentence's embedding from the static encoder ([`crate::embed`]), read by
//! the linear heads as [`DIMS`] dense inputs beside the n-grams and hand features.
//!
//! This file owns how a sentence becomes those inputs and nothing else: the encoder is the compiled-in one,
//! parsed once; which form of the embedding a model reads ([`Meaning`]) is recorded in the model file. The
//! weights over these inputs are learnt with the rest (`train.rs`), and an explanation reports their sum as one
//! contribution, "meaning (sentence embedding)". Invariant: the inputs are a pure function of the encoder bytes
//! and the text, so training and scoring agree.

use std::cell::RefCell;
use std::sync::OnceLock;

use crate::embed::{Encoder, Vectors, BUILTIN_MODEL};

/// Inputs per sentence: the encoder's dimensions.
pub const DIMS: usize = 256;

/// Which form of the sentence embedding a model reads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Meaning {
    /// None: the model reads n-grams and hand features only.
    #[default]
    None,
    /// The encoder's unit-length embedding, scaled by the square root of [`DIMS`] so that a coordinate is of
    /// the order of one, like the other inputs.
    Unit,
    /// The mean of the token vectors, without normalising (a sentence of generic words has a short mean).
    Mean,
}

impl Meaning {
    pub fn to_byte(self) -> u8 {
        match self {
            Meaning::None => 0,
            Meaning::Unit => 1,
            Meaning::Mean => 2,
        }
    }

    pub fn from_byte(b: u8) -> Option<Meaning> {
        Some(match b {
            0 => Meaning::None,
            1 => Meaning::Unit,
            2 => Meaning::Mean,
            _ => return None,
        })
    }
}

/// The name an explanation gives the sum of the meaning inputs' contributions.
pub const FEATURE: &str = "meaning (sentence embedding)";

fn vectors() -> &'static Vectors {
    static V: OnceLock<Vectors> = OnceLock::new();
    V.get_or_init(|| Vectors::from_bytes(BUILTIN_MODEL).expect("the committed encoder parses"))
}

/// Writes the inputs of `text` in form `kind` into `out` (of length [`DIMS`]); all zeros when `kind` is
/// [`Meaning::None`] or no token of the text is known.
pub fn inputs_into(kind: Meaning, text: &str, out: &mut [f32]) {
    debug_assert_eq!(out.len(), DIMS);
    out.fill(0.0);
    match kind {
        Meaning::None => {}
        Meaning::Unit => {
            let encoder = Encoder::get();
            debug_assert_eq!(encoder.dims(), DIMS);
            encoder.embed_into(text, out);
            let scale = (DIMS as f32).sqrt();
            out.iter_mut().for_each(|x| *x *= scale);
        }
        Meaning::Mean => {
            thread_local! {
                static IDS: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
            }
            let encoder = Encoder::get();
            let v = vectors();
            IDS.with(|ids| {
                let mut ids = ids.borrow_mut();
                ids.clear();
                encoder.wordpiece().ids_into(text, &mut ids);
                let unk = encoder.wordpiece().unk();
                let mut n = 0usize;
                for &id in ids.iter().filter(|&&id| id != unk) {
                    for (o, x) in out.iter_mut().zip(v.row(id as usize)) {
                        *o += x;
                    }
                    n += 1;
                }
                if n > 0 {
                    // Token vectors have a norm of about 0.3 after SIF weighting; this brings a coordinate of the
                    // mean to the order of one.
                    let scale = 4.0 * (DIMS as f32).sqrt() / n as f32;
                    out.iter_mut().for_each(|x| *x *= scale);
                }
            });
        }
    }
}
