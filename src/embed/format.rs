//! The encoder file: a WordPiece vocabulary and one quantised vector per vocabulary entry.
//!
//! This file owns the byte layout of `model.bin` (written by [`super::distill`], read by [`super::Encoder`]);
//! it does not know how the vectors were made. Invariant: [`Vectors::to_bytes`] and [`Vectors::from_bytes`]
//! round-trip, and a file that is truncated, has trailing bytes or an unknown layout is refused with a reason.
//!
//! Layout, little-endian: the magic `CLENC001`; `u32` dimensions, vocabulary size, quantisation (1 = int8 with a
//! per-row scale, 2 = IEEE half floats); `u32` byte length of the vocabulary, then the vocabulary as one UTF-8
//! token per line in id order; `u32` length and the UTF-8 name of the unknown token; for int8, one `f32` scale
//! per row; then the rows, `dims` values each.

/// The first bytes of every encoder file; the digits are the layout version.
pub const MAGIC: &[u8; 8] = b"CLENC001";

/// How the vector values are stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quant {
    /// One signed byte per value, times a scale per row (the row's largest magnitude over 127).
    Int8,
    /// IEEE 754 half precision.
    F16,
}

impl Quant {
    fn code(self) -> u32 {
        match self {
            Quant::Int8 => 1,
            Quant::F16 => 2,
        }
    }

    fn from_code(c: u32) -> Option<Self> {
        match c {
            1 => Some(Quant::Int8),
            2 => Some(Quant::F16),
            _ => None,
        }
    }
}

/// Why an encoder file cannot be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FormatError {
    #[error("not an encoder file (bad magic)")]
    Magic,
    #[error("encoder file is truncated")]
    Truncated,
    #[error("encoder file has {0} trailing bytes")]
    Trailing(usize),
    #[error("unknown quantisation code {0}")]
    Quant(u32),
    #[error("vocabulary is not utf-8 or has {found} entries instead of {expected}")]
    Vocab { expected: usize, found: usize },
    #[error("unknown token {0:?} is not in the vocabulary")]
    Unk(String),
    #[error("encoder has zero dimensions")]
    Dims,
}

/// The stored values of the token vectors.
#[derive(Clone, Debug, PartialEq)]
pub enum Values {
    /// Row-major signed bytes and one scale per row: a value is `byte * scale`.
    Int8 { scales: Vec<f32>, bytes: Vec<i8> },
    /// Row-major values that half precision represents exactly.
    F16(Vec<f32>),
}

/// Quantised token vectors and the vocabulary they belong to.
#[derive(Clone, Debug, PartialEq)]
pub struct Vectors {
    pub dims: usize,
    pub vocab: Vec<String>,
    pub unk: String,
    pub values: Values,
}

impl Vectors {
    /// Quantises row-major `values` (`vocab.len() * dims` of them) as `quant` says.
    pub fn quantise(dims: usize, vocab: Vec<String>, unk: String, values: &[f32], quant: Quant) -> Self {
        assert_eq!(values.len(), vocab.len() * dims, "one row of values per vocabulary entry");
        let values = match quant {
            Quant::Int8 => {
                let (scales, bytes) = quantise_int8(values, dims);
                Values::Int8 { scales, bytes }
            }
            Quant::F16 => Values::F16(values.iter().map(|&v| f16_to_f32(f32_to_f16(v))).collect()),
        };
        Self { dims, vocab, unk, values }
    }

    pub fn quant(&self) -> Quant {
        match self.values {
            Values::Int8 { .. } => Quant::Int8,
            Values::F16(_) => Quant::F16,
        }
    }

    /// Row `i` as floats.
    pub fn row(&self, i: usize) -> Vec<f32> {
        let r = i * self.dims..(i + 1) * self.dims;
        match &self.values {
            Values::Int8 { scales, bytes } => bytes[r].iter().map(|&b| b as f32 * scales[i]).collect(),
            Values::F16(v) => v[r].to_vec(),
        }
    }

    /// The file bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let rows = self.vocab.len();
        let mut out = Vec::with_capacity(64 + rows * (self.dims + 12));
        out.extend_from_slice(MAGIC);
        for v in [self.dims as u32, rows as u32, self.quant().code()] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        let vocab = self.vocab.join("\n");
        out.extend_from_slice(&(vocab.len() as u32).to_le_bytes());
        out.extend_from_slice(vocab.as_bytes());
        out.extend_from_slice(&(self.unk.len() as u32).to_le_bytes());
        out.extend_from_slice(self.unk.as_bytes());
        match &self.values {
            Values::Int8 { scales, bytes } => {
                for s in scales {
                    out.extend_from_slice(&s.to_le_bytes());
                }
                out.extend(bytes.iter().map(|&b| b as u8));
            }
            Values::F16(values) => {
                for &v in values {
                    out.extend_from_slice(&f32_to_f16(v).to_le_bytes());
                }
            }
        }
        out
    }

    /// Reads an encoder file.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, FormatError> {
        let mut r = Reader { bytes, pos: 0 };
        if r.take(8)? != MAGIC {
            return Err(FormatError::Magic);
        }
        let dims = r.u32()? as usize;
        let rows = r.u32()? as usize;
        let code = r.u32()?;
        let quant = Quant::from_code(code).ok_or(FormatError::Quant(code))?;
        if dims == 0 {
            return Err(FormatError::Dims);
        }
        let len = r.u32()? as usize;
        let vocab_text =
            std::str::from_utf8(r.take(len)?).map_err(|_| FormatError::Vocab { expected: rows, found: 0 })?;
        let vocab: Vec<String> =
            if rows == 0 { Vec::new() } else { vocab_text.split('\n').map(str::to_owned).collect() };
        if vocab.len() != rows {
            return Err(FormatError::Vocab { expected: rows, found: vocab.len() });
        }
        let len = r.u32()? as usize;
        let unk = std::str::from_utf8(r.take(len)?).map_err(|_| FormatError::Unk(String::new()))?.to_owned();
        if !vocab.contains(&unk) {
            return Err(FormatError::Unk(unk));
        }
        let n = rows.checked_mul(dims).ok_or(FormatError::Truncated)?;
        let values = match quant {
            Quant::Int8 => {
                let scales = r.take(rows.checked_mul(4).ok_or(FormatError::Truncated)?)?;
                let scales = scales.chunks_exact(4).map(|c| f32::from_le_bytes(c.try_into().unwrap())).collect();
                let bytes = r.take(n)?.iter().map(|&b| b as i8).collect();
                Values::Int8 { scales, bytes }
            }
            Quant::F16 => {
                let raw = r.take(n.checked_mul(2).ok_or(FormatError::Truncated)?)?;
                Values::F16(raw.chunks_exact(2).map(|c| f16_to_f32(u16::from_le_bytes([c[0], c[1]]))).collect())
            }
        };
        if r.pos != bytes.len() {
            return Err(FormatError::Trailing(bytes.len() - r.pos));
        }
        Ok(Self { dims, vocab, unk, values })
    }
}

/// Per-row scales and the int8 values: each row's largest magnitude maps to 127.
pub fn quantise_int8(values: &[f32], dims: usize) -> (Vec<f32>, Vec<i8>) {
    let mut scales = Vec::with_capacity(values.len() / dims);
    let mut bytes = Vec::with_capacity(values.len());
    for row in values.chunks_exact(dims) {
        let max = row.iter().fold(0f32, |m, v| m.max(v.abs()));
        let scale = if max > 0.0 { max / 127.0 } else { 0.0 };
        scales.push(scale);
        bytes.extend(row.iter().map(|&v| if scale > 0.0 { (v / scale).round().clamp(-127.0, 127.0) as i8 } else { 0 }));
    }
    (scales, bytes)
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], FormatError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len()).ok_or(FormatError::Truncated)?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    fn u32(&mut self) -> Result<u32, FormatError> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().unwrap()))
    }
}

/// Round-to-nearest-even conversion to half precision; out-of-range values saturate to infinity.
pub fn f32_to_f16(v: f32) -> u16 {
    let x = v.to_bits();
    let sign = ((x >> 16) & 0x8000) as u16;
    let exp = ((x >> 23) & 0xff) as i32;
    let man = x & 0x7f_ffff;
    if exp == 0xff {
        return sign | 0x7c00 | if man != 0 { 0x200 } else { 0 };
    }
    let e = exp - 127 + 15;
    if e >= 0x1f {
        return sign | 0x7c00;
    }
    if e <= 0 {
        if e < -10 {
            return sign;
        }
        // Subnormal: shift the mantissa with its implicit bit, rounding to nearest even.
        let m = man | 0x80_0000;
        let shift = (14 - e) as u32;
        let half = m >> shift;
        let rem = m & ((1 << shift) - 1);
        let mid = 1 << (shift - 1);
        let round = (rem > mid || (rem == mid && half & 1 == 1)) as u32;
        return sign | (half + round) as u16;
    }
    let half = ((e as u32) << 10) | (man >> 13);
    let rem = man & 0x1fff;
    let round = (rem > 0x1000 || (rem == 0x1000 && half & 1 == 1)) as u32;
    // A carry out of the mantissa correctly bumps the exponent (and reaches infinity at the top).
    sign | (half + round) as u16
}

/// Exact conversion from half precision.
pub fn f16_to_f32(h: u16) -> f32 {
    let sign = ((h as u32) & 0x8000) << 16;
    let exp = ((h >> 10) & 0x1f) as u32;
    let man = (h & 0x3ff) as u32;
    let bits = match exp {
        0 if man == 0 => sign,
        0 => {
            // Subnormal: normalise the mantissa.
            let shift = man.leading_zeros() - 21;
            let man = (man << shift) & 0x3ff;
            sign | ((127 - 15 + 1 - shift) << 23) | (man << 13)
        }
        0x1f => sign | 0x7f80_0000 | (man << 13),
        _ => sign | ((exp + 127 - 15) << 23) | (man << 13),
    };
    f32::from_bits(bits)
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALUES: [f32; 9] = [0.0, 0.0, 0.0, 1.0, -0.5, 0.25, 0.001, 0.002, -0.003];

    fn sample(quant: Quant) -> Vectors {
        let vocab = vec!["[UNK]".into(), "a".into(), "##b".into()];
        Vectors::quantise(3, vocab, "[UNK]".into(), &VALUES, quant)
    }

    #[test]
    fn round_trips_within_the_quantisation_step() {
        for quant in [Quant::Int8, Quant::F16] {
            let v = sample(quant);
            let back = Vectors::from_bytes(&v.to_bytes()).unwrap();
            assert_eq!(back, v);
            assert_eq!(back.quant(), quant);
            for (i, want) in VALUES.chunks(3).enumerate() {
                let max = want.iter().fold(0f32, |m, x| m.max(x.abs()));
                for (x, y) in want.iter().zip(back.row(i)) {
                    assert!((x - y).abs() <= max / 254.0 + 1e-9, "row {i}: {x} vs {y} ({quant:?})");
                }
            }
        }
    }

    #[test]
    fn damaged_files_are_refused_with_a_reason() {
        let bytes = sample(Quant::Int8).to_bytes();
        assert_eq!(Vectors::from_bytes(&bytes[..bytes.len() - 1]), Err(FormatError::Truncated));
        let mut long = bytes.clone();
        long.push(0);
        assert_eq!(Vectors::from_bytes(&long), Err(FormatError::Trailing(1)));
        assert_eq!(Vectors::from_bytes(b"PK\x03\x04 not an encoder"), Err(FormatError::Magic));
        let mut quant = bytes.clone();
        quant[16] = 9;
        assert_eq!(Vectors::from_bytes(&quant), Err(FormatError::Quant(9)));
        assert_eq!(Vectors::from_bytes(&[]), Err(FormatError::Truncated));
    }

    #[test]
    fn half_precision_conversion() {
        for (v, h) in
            [(0.0f32, 0u16), (1.0, 0x3c00), (-2.0, 0xc000), (65504.0, 0x7bff), (1e6, 0x7c00), (6.1035156e-5, 0x0400)]
        {
            assert_eq!(f32_to_f16(v), h, "{v}");
            if h != 0x7c00 {
                assert_eq!(f16_to_f32(h), v);
            }
        }
        // Subnormals and rounding to nearest even.
        assert_eq!(f16_to_f32(1), 5.9604645e-8);
        assert_eq!(f32_to_f16(5.9604645e-8), 1);
        assert_eq!(f32_to_f16(1.0 + 1.0 / 2048.0), 0x3c00);
        assert_eq!(f32_to_f16(1.0 + 3.0 / 2048.0), 0x3c02);
        for h in (0u16..0x7c00).step_by(7) {
            assert_eq!(f32_to_f16(f16_to_f32(h)), h);
        }
    }
}
