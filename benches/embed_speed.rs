//! Measures the static sentence encoder's load time and single-core speed over ClaimBuster's crowdsourced
//! sentences, against two peers in the same run: WordPiece tokenisation alone (the floor of any encoder over
//! this vocabulary) and the claim detector's scoring (the other per-sentence model `check` runs).
//!
//! Usage: `cargo bench --bench embed_speed -- [DATA_DIR]` (a plain program, `harness = false`). Each figure is
//! the best of 5 passes over all sentences on the calling thread. The bar is 50,000 sentences per second.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use claimledger::detect::data::{self, TRAIN_FILE};
use claimledger::detect::Detector;
use claimledger::embed::{Encoder, BUILTIN_MODEL};

fn main() {
    let first = Instant::now();
    black_box(Encoder::get());
    let first = first.elapsed();
    let mut loads: Vec<Duration> = (0..5)
        .map(|_| {
            let t = Instant::now();
            black_box(Encoder::from_bytes(black_box(BUILTIN_MODEL)).expect("model parses"));
            t.elapsed()
        })
        .collect();
    loads.sort();
    println!("model: {} bytes", BUILTIN_MODEL.len());
    println!("load: first Encoder::get() {:.1} ms, from_bytes median {:.1} ms", ms(first), ms(loads[2]));

    let dir = std::env::args().skip(1).find(|a| !a.starts_with('-')).map(PathBuf::from);
    let Some(dir) = data::claimbuster_dir(dir.as_deref()) else {
        println!("skipping speed: claimbuster data absent (pass DATA_DIR or set {})", data::DATA_ENV);
        return;
    };
    let text = std::fs::read_to_string(dir.join(TRAIN_FILE)).expect("crowdsourced.csv readable");
    let sentences: Vec<String> =
        data::parse_claimbuster(&text).expect("crowdsourced.csv parses").into_iter().map(|e| e.text).collect();
    let bytes: usize = sentences.iter().map(String::len).sum();
    println!("{} sentences, {:.1} MB", sentences.len(), bytes as f64 / 1e6);

    let encoder = Encoder::get();
    let mut ids = Vec::new();
    let tokenise = best_of(5, || {
        for s in &sentences {
            ids.clear();
            encoder.wordpiece().ids_into(black_box(s), &mut ids);
            black_box(&ids);
        }
    });
    let mut out = vec![0.0; encoder.dims()];
    let embed = best_of(5, || {
        for s in &sentences {
            black_box(encoder.embed_into(black_box(s), &mut out));
        }
    });
    let detector = Detector::builtin();
    let detect = best_of(5, || {
        for s in &sentences {
            black_box(detector.scores(black_box(s)));
        }
    });
    let rate = |d: Duration| sentences.len() as f64 / d.as_secs_f64();
    println!("| pass | sentences/s | us/sentence | time vs embed |");
    println!("|---|---|---|---|");
    for (name, d) in
        [("embed (tokenise + pool + normalise)", embed), ("tokenise only", tokenise), ("detector scores", detect)]
    {
        println!("| {name} | {:.0} | {:.2} | {:.2} |", rate(d), 1e6 / rate(d), d.as_secs_f64() / embed.as_secs_f64());
    }
    let verdict = if rate(embed) >= 50_000.0 { "meets" } else { "MISSES" };
    println!("embed {verdict} the bar of 50,000 sentences/s on one core");
}

fn best_of(n: usize, mut f: impl FnMut()) -> Duration {
    (0..n)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
