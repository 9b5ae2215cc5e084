//! Measures the detector's load time and single-core scoring speed over ClaimBuster's crowdsourced file.
//!
//! Usage: `cargo bench --bench detect_speed -- [DATA_DIR]` (a plain program, `harness = false`). Load time is
//! the parse of the committed model bytes (median of 50) and the first call of `Detector::builtin()`; speed is
//! the best of 5 passes over all sentences on the calling thread, for the scores alone and for the decision
//! `check` takes (`is_claim`: the guards, then the score). The bar is 50,000 sentences per second;
//! `benches/detect_speed.sh` runs this against the previous release in the same run.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use claimledger::detect::data::{self, TRAIN_FILE};
use claimledger::detect::{Detector, BUILTIN_MODEL};

fn main() {
    let first = Instant::now();
    black_box(Detector::builtin());
    let first = first.elapsed();
    let mut loads: Vec<Duration> = (0..50)
        .map(|_| {
            let t = Instant::now();
            black_box(Detector::from_bytes(black_box(BUILTIN_MODEL)).expect("model parses"));
            t.elapsed()
        })
        .collect();
    loads.sort();
    println!("model: {} bytes", BUILTIN_MODEL.len());
    println!("load: first Detector::builtin() {:.2} ms, from_bytes median {:.2} ms", ms(first), ms(loads[25]));

    let dir = std::env::args().skip(1).find(|a| !a.starts_with('-')).map(PathBuf::from);
    let Some(dir) = data::claimbuster_dir(dir.as_deref()) else {
        println!("skipping scoring speed: claimbuster data absent (pass DATA_DIR or set {})", data::DATA_ENV);
        return;
    };
    let text = std::fs::read_to_string(dir.join(TRAIN_FILE)).expect("crowdsourced.csv readable");
    let sentences: Vec<String> =
        data::parse_claimbuster(&text).expect("crowdsourced.csv parses").into_iter().map(|e| e.text).collect();
    let bytes: usize = sentences.iter().map(String::len).sum();
    let detector = Detector::builtin();
    let mut best = Duration::MAX;
    for _ in 0..5 {
        let t = Instant::now();
        for s in &sentences {
            black_box(detector.scores(black_box(s)));
        }
        best = best.min(t.elapsed());
    }
    let per_sec = sentences.len() as f64 / best.as_secs_f64();
    println!(
        "scoring: {} sentences ({:.1} MB) in {:.1} ms on one core: {:.0} sentences/s, {:.2} us/sentence",
        sentences.len(),
        bytes as f64 / 1e6,
        ms(best),
        per_sec,
        1e6 / per_sec
    );
    let mut best = Duration::MAX;
    for _ in 0..5 {
        let t = Instant::now();
        for s in &sentences {
            black_box(detector.is_claim(black_box(s), claimledger::detect::View::Factual, None));
        }
        best = best.min(t.elapsed());
    }
    let per_sec = sentences.len() as f64 / best.as_secs_f64();
    println!("decision (is_claim): {:.1} ms: {per_sec:.0} sentences/s, {:.2} us/sentence", ms(best), 1e6 / per_sec);
    let t = Instant::now();
    let n = sentences
        .iter()
        .take(2000)
        .map(|s| detector.explain(s, claimledger::detect::View::Factual, 5).len())
        .sum::<usize>();
    println!("explain (k = 5): {:.2} us/sentence ({n} contributions)", t.elapsed().as_secs_f64() * 1e6 / 2000.0);
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
