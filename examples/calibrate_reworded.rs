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

/// Cosines tried: 0.70 to 0.90 by 0.01.
const GRID: [f32; 21] = {
    let mut g = [0f32; 21];
    let mut i = 0;
    while i < g.len() {
        g[i] = 0.70 + 0.01 * i as f32;
        i += 1;
    }
    g
};

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
    let overlap = share(base_ok, base);
    let mut chosen = None;
    for (at, (n, ok)) in GRID.iter().zip(added) {
        let (lo, hi) = wilson(ok, n);
        // The lowest cosine whose added pairs are, within their sampling error, as often restatements as the
        // word overlap's own matches.
        let fits = n > 0 && lo <= overlap && overlap <= hi;
        if fits && chosen.is_none() {
            chosen = Some(*at);
        }
        println!(
            "reworded at cosine {at:.2}: {n} more matches, {ok} restatements ({:.3}, 95% interval {lo:.3} to {hi:.3}){}",
            share(ok, n),
            if fits && chosen == Some(*at) { "  <- lowest that fits" } else { "" }
        );
    }
    ExitCode::SUCCESS
}

/// The Wilson score interval (95%) of `ok` successes in `n` trials.
fn wilson(ok: usize, n: usize) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let (n, p, z) = (n as f64, ok as f64 / n as f64, 1.96f64);
    let centre = (p + z * z / (2.0 * n)) / (1.0 + z * z / n);
    let half = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / (1.0 + z * z / n);
    (centre - half, centre + half)
}
