//! Derives the re-ranking model (`src/matching/fusion/model.json`) from the CheckThat! train splits and reports
//! how the fused ranking does on train and dev.
//!
//! Usage: `cargo run --release --example train_fusion -- ../shared/data/checkthat/claim-retrieval [--write]`.
//! The recipe is `claimledger::index::fusion_train::derive` (train splits only); with `--write` the model is
//! written to `src/matching/fusion/model.json`. The dev splits are only scored here, never fitted on. MAP@5 is of
//! the candidate step's ranking (lexical candidates re-ranked by the model), before the matcher's decisions.

use std::path::PathBuf;
use std::process::ExitCode;

use claimledger::index::fusion_train::{self, Corpus};
use claimledger::matching::checkthat::{average_precision, hits};
use claimledger::matching::fusion::{self, Model};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let mut data = None;
    let mut write = false;
    for a in std::env::args().skip(1) {
        match a.as_str() {
            "--write" => write = true,
            _ if a.starts_with('-') => return Err(format!("unknown option {a}")),
            _ => data = Some(PathBuf::from(a)),
        }
    }
    let data = data.ok_or("usage: train_fusion CLAIM_RETRIEVAL_DIR [--write]")?;
    let model = fusion_train::derive(&data)?;
    let json = serde_json::to_string_pretty(&model).map_err(|e| e.to_string())? + "\n";
    println!("{json}");
    let lexical_only = Model { features: model.features.clone(), weights: vec![0.0; model.weights.len()], bias: 0.0 };
    for folder in fusion_train::FOLDERS {
        for split in ["train", "dev"] {
            let corpus = fusion_train::corpus(&data.join(folder), split)?;
            let (bm25, fused, recall) = (score(&corpus, &lexical_only)?, score(&corpus, &model)?, recall(&corpus)?);
            println!(
                "{folder} {split}: MAP@5 BM25 {bm25:.3} -> fused {fused:.3}; recall@{} {recall:.3}",
                fusion::DEPTH
            );
        }
    }
    if write {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/matching/fusion/model.json");
        std::fs::write(&path, json).map_err(|e| format!("{}: {e}", path.display()))?;
        println!("wrote {}", path.display());
    }
    Ok(())
}

/// MAP@5 of the lexical candidates re-ranked by `model` (a zero model keeps the BM25 order).
fn score(corpus: &Corpus, model: &Model) -> Result<f64, String> {
    let weights = corpus.index.weights().map_err(|e| e.to_string())?;
    let mut sum = 0.0;
    for q in &corpus.queries {
        let pool = corpus.index.lexical(&q.text, fusion::DEPTH).map_err(|e| e.to_string())?;
        let scored: Vec<(&str, f32)> = pool.iter().map(|c| (c.text.as_str(), c.retrieval_score)).collect();
        let mut order: Vec<(usize, f32)> =
            fusion::features(&q.text, &scored, &weights).iter().enumerate().map(|(i, x)| (i, model.score(x))).collect();
        order.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let ranked: Vec<String> = order.iter().map(|(i, _)| pool[*i].id.clone()).collect();
        sum += average_precision(&ranked, &q.relevant, 5);
    }
    Ok(sum / corpus.queries.len().max(1) as f64)
}

/// Recall of the pool the model re-ranks.
fn recall(corpus: &Corpus) -> Result<f64, String> {
    let mut sum = 0.0;
    for q in &corpus.queries {
        let pool = corpus.index.lexical(&q.text, fusion::DEPTH).map_err(|e| e.to_string())?;
        let ranked: Vec<String> = pool.into_iter().map(|c| c.id).collect();
        sum += hits(&ranked, &q.relevant, fusion::DEPTH) as f64 / q.relevant.len().max(1) as f64;
    }
    Ok(sum / corpus.queries.len().max(1) as f64)
}
