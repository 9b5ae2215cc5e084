//! Measures the scorer's reworded-claim rule (`REWORDED_COSINE` in `src/matching/score.rs`) on the CheckThat!
//! claim-retrieval train splits: how often the pairs it adds to the word overlap's matches are restatements.
//!
//! Usage: `cargo run --release --example calibrate_reworded -- ../shared/data/checkthat/claim-retrieval`.
//! Every train query of both folders is compared with its 30 lexical candidates (as the re-ranking sees them),
//! once with the rule off and once at each cosine of a grid; a pair counts as a restatement when the lab's
//! relevance judgements say so. The threshold is chosen where the added pairs are restatements about as often
//! as the word overlap's own matches. The dev splits are not read.

use std::path::PathBuf;
use std::process::ExitCode;

use claimledger::index::fusion_train;
use claimledger::matching::{analyze, clean, compare_at, fusion, Decision};

const GRID: [f32; 5] = [0.7, 0.75, 0.8, 0.85, 0.9];

fn main() -> ExitCode {
    let Some(data) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: calibrate_reworded CHECKTHAT_CLAIM_RETRIEVAL_DIR");
        return ExitCode::from(2);
    };
    let (mut base, mut base_ok) = (0usize, 0usize);
    let mut added = [(0usize, 0usize); GRID.len()];
    for folder in fusion_train::FOLDERS {
        let corpus = match fusion_train::corpus(&data.join(folder), "train") {
            Ok(c) => c,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        };
        let weights = corpus.index.weights().expect("the index was just built");
        for q in &corpus.queries {
            let sentence = analyze(&clean(&q.text));
            for c in corpus.index.lexical(&q.text, fusion::DEPTH).expect("the index was just built") {
                let claim = analyze(&clean(&c.text));
                let restated = q.relevant.contains(&c.id);
                if matches!(compare_at(&sentence, &claim, &weights, 2.0).decision, Decision::Match) {
                    base += 1;
                    base_ok += usize::from(restated);
                    continue;
                }
                for (i, at) in GRID.iter().enumerate() {
                    if matches!(compare_at(&sentence, &claim, &weights, *at).decision, Decision::Match) {
                        added[i].0 += 1;
                        added[i].1 += usize::from(restated);
                    }
                }
            }
        }
    }
    let share = |ok: usize, n: usize| ok as f64 / n.max(1) as f64;
    println!("word overlap alone: {base} matches, {base_ok} restatements ({:.3})", share(base_ok, base));
    for (at, (n, ok)) in GRID.iter().zip(added) {
        println!("reworded at cosine {at}: {n} more matches, {ok} restatements ({:.3})", share(ok, n));
    }
    ExitCode::SUCCESS
}
