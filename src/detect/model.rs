//! The model file: a compact little-endian binary holding two linear heads over the features of
//! [`super::features`], their thresholds, a small vocabulary of n-gram names, and the training data checksums.
//!
//! This file owns the byte format and nothing else: no scoring, no training. Layout (all little-endian):
//! magic `CLDETECT`, u16 version, u8 bucket bits, u8 meaning form ([`Meaning`]), u64 feature-set hash, two 32-byte SHA-256 of the training and
//! threshold data, f32 bias ×2, f32 threshold ×2, f32 weight scale ×2, u32 count of non-zero rows, the rows'
//! indices as LEB128 deltas, then per head an i16 per row (weight = q × scale), then u32 vocabulary size and per
//! entry LEB128 bucket delta, LEB128 length and UTF-8 text. Invariant: [`Model::encode`] is a pure function of
//! the model, so equal models give equal bytes, and `decode(encode(m))` scores exactly as `m` does once
//! `m` has been through [`Model::quantise`].

use super::features::{feature_set_hash, HAND};
use super::meaning::{self, Meaning};
use super::ModelError;

const MAGIC: &[u8; 8] = b"CLDETECT";
const VERSION: u16 = 2;

/// Head 0 is check-worthiness (CFS vs rest), head 1 is factuality (CFS+UFS vs NFS).
pub(crate) const HEADS: usize = 2;

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Model {
    pub bits: u32,
    /// Which form of the sentence embedding the last [`meaning::DIMS`] rows read.
    pub meaning: Meaning,
    pub bias: [f32; HEADS],
    pub thresholds: [f32; HEADS],
    /// Dense: `2^bits` n-gram buckets, then one row per hand feature, then one per meaning input.
    pub weights: Vec<[f32; HEADS]>,
    /// Names of some buckets (the strongest at training time), sorted by bucket.
    pub vocab: Vec<(u32, String)>,
    /// SHA-256 of the training file and of the file the thresholds were chosen on.
    pub data_sha256: [[u8; 32]; 2],
}

impl Model {
    pub fn n_buckets(&self) -> usize {
        1 << self.bits
    }

    /// Index of the first meaning input's row.
    pub fn meaning_base(&self) -> usize {
        self.n_buckets() + HAND.len()
    }

    pub fn zeros(bits: u32) -> Model {
        Model {
            bits,
            meaning: Meaning::None,
            bias: [0.0; HEADS],
            thresholds: [0.5; HEADS],
            weights: vec![[0.0; HEADS]; (1 << bits) + HAND.len() + meaning::DIMS],
            vocab: Vec::new(),
            data_sha256: [[0; 32]; 2],
        }
    }

    fn scales(&self) -> [f32; HEADS] {
        let mut scale = [0f32; HEADS];
        for (h, s) in scale.iter_mut().enumerate() {
            let max = self.weights.iter().map(|w| w[h].abs()).fold(0f32, f32::max);
            *s = if max == 0.0 { 1.0 } else { max / f32::from(i16::MAX) };
        }
        scale
    }

    /// Rounds every weight to what the file can hold, so that scores before and after a round trip agree.
    pub fn quantise(&mut self) {
        let scale = self.scales();
        for w in &mut self.weights {
            for h in 0..HEADS {
                w[h] = f32::from(quantum(w[h], scale[h])) * scale[h];
            }
        }
    }

    pub fn encode(&self) -> Vec<u8> {
        let scale = self.scales();
        let rows: Vec<usize> = (0..self.weights.len())
            .filter(|&i| (0..HEADS).any(|h| quantum(self.weights[i][h], scale[h]) != 0))
            .collect();
        let mut out = Vec::with_capacity(16 + rows.len() * 6);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.push(self.bits as u8);
        out.push(self.meaning.to_byte());
        out.extend_from_slice(&feature_set_hash(self.meaning).to_le_bytes());
        for sha in &self.data_sha256 {
            out.extend_from_slice(sha);
        }
        for v in self.bias.iter().chain(&self.thresholds).chain(&scale) {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        let mut last = 0;
        for &i in &rows {
            leb128(&mut out, (i - last) as u64);
            last = i;
        }
        for (h, &s) in scale.iter().enumerate() {
            for &i in &rows {
                out.extend_from_slice(&quantum(self.weights[i][h], s).to_le_bytes());
            }
        }
        out.extend_from_slice(&(self.vocab.len() as u32).to_le_bytes());
        let mut last = 0;
        for (bucket, text) in &self.vocab {
            leb128(&mut out, u64::from(bucket - last));
            last = *bucket;
            leb128(&mut out, text.len() as u64);
            out.extend_from_slice(text.as_bytes());
        }
        out
    }

    pub fn decode(bytes: &[u8]) -> Result<Model, ModelError> {
        let mut r = Reader { bytes, pos: 0 };
        if r.take(8)? != MAGIC {
            return Err(ModelError::BadMagic);
        }
        let version = u16::from_le_bytes(r.array()?);
        if version != VERSION {
            return Err(ModelError::UnsupportedVersion(version));
        }
        let bits = u32::from(r.take(1)?[0]);
        if !(10..=24).contains(&bits) {
            return Err(ModelError::Corrupt("bucket bits out of range"));
        }
        let meaning = Meaning::from_byte(r.take(1)?[0]).ok_or(ModelError::Corrupt("unknown meaning form"))?;
        if u64::from_le_bytes(r.array()?) != feature_set_hash(meaning) {
            return Err(ModelError::FeatureMismatch);
        }
        let mut m = Model::zeros(bits);
        m.meaning = meaning;
        for sha in &mut m.data_sha256 {
            *sha = r.array()?;
        }
        let mut floats = [0f32; 3 * HEADS];
        for f in &mut floats {
            *f = f32::from_le_bytes(r.array()?);
        }
        m.bias.copy_from_slice(&floats[..HEADS]);
        m.thresholds.copy_from_slice(&floats[HEADS..2 * HEADS]);
        let scale = &floats[2 * HEADS..];
        let n = u32::from_le_bytes(r.array()?) as usize;
        let mut rows = Vec::with_capacity(n.min(m.weights.len()));
        let mut last = 0u64;
        for _ in 0..n {
            last += r.leb128()?;
            let i = usize::try_from(last).ok().filter(|&i| i < m.weights.len());
            rows.push(i.ok_or(ModelError::Corrupt("weight index out of range"))?);
        }
        for (h, &s) in scale.iter().enumerate() {
            let raw = r.take(2 * n)?;
            for (&i, q) in rows.iter().zip(raw.chunks_exact(2)) {
                m.weights[i][h] = f32::from(i16::from_le_bytes([q[0], q[1]])) * s;
            }
        }
        let n_vocab = u32::from_le_bytes(r.array()?) as usize;
        let mut last = 0u64;
        for _ in 0..n_vocab {
            last += r.leb128()?;
            let bucket = u32::try_from(last).ok().filter(|&b| (b as usize) < m.n_buckets());
            let bucket = bucket.ok_or(ModelError::Corrupt("vocabulary bucket out of range"))?;
            let len = r.leb128()? as usize;
            let text = std::str::from_utf8(r.take(len)?).map_err(|_| ModelError::Corrupt("vocabulary not UTF-8"))?;
            m.vocab.push((bucket, text.to_string()));
        }
        if r.pos != bytes.len() {
            return Err(ModelError::Corrupt("trailing bytes"));
        }
        Ok(m)
    }
}

fn quantum(w: f32, scale: f32) -> i16 {
    (w / scale).round().clamp(-f32::from(i16::MAX), f32::from(i16::MAX)) as i16
}

fn leb128(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len()).ok_or(ModelError::Truncated)?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], ModelError> {
        Ok(self.take(N)?.try_into().expect("take returns N bytes"))
    }

    fn leb128(&mut self) -> Result<u64, ModelError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.take(1)?[0];
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(ModelError::Corrupt("varint too long"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Model {
        let mut m = Model::zeros(12);
        m.meaning = Meaning::Unit;
        m.bias = [-1.5, 0.25];
        m.thresholds = [0.4, 0.6];
        m.weights[3] = [0.5, -0.25];
        m.weights[4000] = [-2.0, 0.0];
        m.weights[(1 << 12) + 2] = [0.0, 1.0];
        let base = m.meaning_base();
        m.weights[base + 7] = [0.125, -0.5];
        m.vocab = vec![(3, "the first".into()), (4000, "i think".into())];
        m.data_sha256 = [[7; 32], [9; 32]];
        m.quantise();
        m
    }

    #[test]
    fn round_trip_is_exact_after_quantising() {
        let m = sample();
        let bytes = m.encode();
        assert_eq!(Model::decode(&bytes).unwrap(), m);
        assert_eq!(Model::decode(&bytes).unwrap().encode(), bytes);
    }

    #[test]
    fn damaged_files_are_errors_not_panics() {
        let bytes = sample().encode();
        for cut in 0..bytes.len() {
            assert!(Model::decode(&bytes[..cut]).is_err(), "truncated at {cut} was accepted");
        }
        let mut bad = bytes.clone();
        bad[0] = b'X';
        assert!(matches!(Model::decode(&bad), Err(ModelError::BadMagic)));
        let mut bad = bytes.clone();
        bad[12..20].copy_from_slice(&0u64.to_le_bytes());
        assert!(matches!(Model::decode(&bad), Err(ModelError::FeatureMismatch)));
    }
}
