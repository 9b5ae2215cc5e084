//! Prints the committed detector's scores on ClaimBuster's groundtruth and on the news-style corpus.
//!
//! Usage: `cargo run --release --example evaluate_detector -- [DATA_DIR] [--news TSV] [--show-errors]`.
//! For each view: precision, recall and F1 of the positive class at the model's threshold, and average
//! precision, each with a bootstrap 95% interval (1000 resamples, fixed seed). The figures come from
//! `claimledger::detect::eval`; this program only reads files and prints.

use std::path::PathBuf;
use std::process::ExitCode;

use claimledger::detect::data::{self, Example};
use claimledger::detect::eval::{self, Report};
use claimledger::detect::{Detector, View};

const DEFAULT_NEWS: &str = "tests/fixtures/detect/news_style.tsv";

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
    let (mut dir, mut news, mut show_errors) = (None, PathBuf::from(DEFAULT_NEWS), false);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--news" => news = PathBuf::from(args.next().ok_or("--news needs a path")?),
            "--show-errors" => show_errors = true,
            _ if a.starts_with('-') => return Err(format!("unknown option {a}")),
            _ => dir = Some(PathBuf::from(a)),
        }
    }
    let detector = Detector::builtin();
    println!(
        "thresholds: checkworthy {:.3}, factual {:.3}",
        detector.threshold(View::CheckWorthy),
        detector.threshold(View::Factual)
    );
    match data::claimbuster_dir(dir.as_deref()) {
        Some(dir) => {
            let path = dir.join(data::THRESHOLD_FILE);
            let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let held = data::parse_claimbuster(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            print_reports("ClaimBuster groundtruth (report only: never trained or tuned on)", &held, detector);
        }
        None => println!("\nskipping groundtruth: claimbuster data absent (pass DATA_DIR or set {})", data::DATA_ENV),
    }
    let text = std::fs::read_to_string(&news).map_err(|e| format!("{}: {e}", news.display()))?;
    let corpus = data::parse_news_tsv(&text).map_err(|e| format!("{}: {e}", news.display()))?;
    print_reports("news-style corpus (never used for fitting or thresholds)", &corpus, detector);
    let mut topics: Vec<&str> = corpus.iter().map(|e| e.topic.as_str()).collect();
    topics.sort_unstable();
    topics.dedup();
    for topic in topics {
        let part: Vec<Example> = corpus.iter().filter(|e| e.topic == topic).cloned().collect();
        for view in View::ALL {
            let right = part.iter().filter(|e| detector.is_claim(&e.text, view, None) == e.label(view)).count();
            println!("  {topic:<9} {view:<11} accuracy {right}/{}", part.len());
        }
    }
    if show_errors {
        println!("\nnews-style sentences on the wrong side of a threshold:");
        for e in &corpus {
            let s = detector.scores(&e.text);
            for view in View::ALL {
                if detector.is_claim(&e.text, view, None) != e.label(view) {
                    println!("  {view:<11} {:.2} (label {:>2}) {}", s.get(view), e.verdict, e.text);
                }
            }
        }
    }
    Ok(())
}

fn print_reports(title: &str, examples: &[Example], detector: &Detector) {
    println!("\n{title}: {} sentences", examples.len());
    println!(
        "  {:<11} {:>9}  {:<22} {:<22} {:<22} {:<22}",
        "view", "positives", "precision", "recall", "F1", "average precision"
    );
    for r in eval::evaluate(detector, examples, eval::RESAMPLES, eval::SEED) {
        print_row(&r);
    }
}

fn print_row(r: &Report) {
    let cell = |p: f64, lo: f64, hi: f64| format!("{p:.3} [{lo:.3}, {hi:.3}]");
    println!(
        "  {:<11} {:>9}  {:<22} {:<22} {:<22} {:<22}",
        r.view.as_str(),
        r.positives,
        cell(r.point.precision, r.low.precision, r.high.precision),
        cell(r.point.recall, r.low.recall, r.high.recall),
        cell(r.point.f1, r.low.f1, r.high.f1),
        cell(r.point.average_precision, r.low.average_precision, r.high.average_precision),
    );
}
