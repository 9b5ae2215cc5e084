//! Whether `check` stays linear in hostile drafts now that sentences are judged part by part.
//!
//! Usage: `cargo bench --bench claim_units` (a plain program, `harness = false`). A ledger of the 35 sourced
//! claims of tests/fixtures/units/claims.txt is built in a temporary folder; then four hostile drafts are
//! checked at sizes that double: one sentence repeated (a sourced claim and an added fact, 1.25 to 10 MB),
//! only headings, one sentence of N clauses, and one sentence of N words. Each size is the median of 3 runs of
//! `Checker::check`, beside the peer `markdown::extract` of the same text (the cheapest pass that reads the
//! whole draft). Linear work shows as a doubling ratio near 2 and a steady check/extract ratio.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use claimledger::check::{Checker, Settings, Severities};
use claimledger::detect::{Detector, View};
use claimledger::ledger::{Ledger, NewSource, Stamp};
use claimledger::markdown;
use claimledger::record::QuoteKind;

/// A hostile draft: its name, how to make it at a size, and the sizes.
type Family<'a> = (&'a str, &'a dyn Fn(usize) -> String, [usize; 4]);

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn time(f: impl Fn()) -> Duration {
    median(
        (0..3)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .collect(),
    )
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("a temporary folder");
    claimledger::store::Store::init(dir.path().join("ledger")).expect("a ledger");
    let mut ledger = Ledger::open(dir.path().join("ledger")).expect("the ledger opens");
    let stamp = Stamp { by: "bench@example.org".into(), at: "2026-03-01T12:00:00Z".parse().expect("a time") };
    let claims = std::fs::read_to_string(root.join("tests/fixtures/units/claims.txt")).expect("claims.txt");
    for (n, line) in claims.lines().enumerate() {
        let (text, outlet) = line.split_once('\t').unwrap_or((line, "Wire"));
        let source =
            NewSource { url: format!("https://wire.example.org/{n}"), outlet: outlet.into(), ..NewSource::default() };
        let source = ledger.add_source(&source).expect("a source").id.to_hex();
        let claim = ledger.add_claim(text).expect("a claim").id.to_hex();
        ledger.attribute(&claim, &source, text, QuoteKind::Verbatim, &stamp).expect("an attribution");
    }
    let settings = Settings { severities: Severities::default(), view: View::Factual, threshold: None };

    let one = "Finland joined NATO in April 2023, and Sweden followed in March 2024. ";
    let repeated = |n: usize| one.repeat(n / one.len());
    let headings =
        |n: usize| (0..n).map(|i| format!("# Finland joined NATO in April 2023, and Sweden in {i}\n\n")).collect();
    let clauses = |n: usize| {
        let parts: Vec<String> =
            (0..n).map(|i| format!("the council opened {i} schools in {}", 1900 + i % 100)).collect();
        format!("Rwanda banned plastic bags in 2008, and {}.\n", parts.join(", and "))
    };
    let words = |n: usize| {
        let w = ["harbour", "council", "winter", "market", "stone", "river", "bridge", "and"];
        let long: Vec<&str> = (0..n).map(|i| w[i * 7 % w.len()]).collect();
        format!("Rwanda banned plastic bags in 2008, and {}.\n", long.join(" "))
    };
    let families: [Family; 4] = [
        ("one sentence repeated, bytes", &repeated, [1_250_000, 2_500_000, 5_000_000, 10_000_000]),
        ("only headings, headings", &headings, [2_500, 5_000, 10_000, 20_000]),
        ("one sentence of N clauses", &clauses, [500, 1_000, 2_000, 4_000]),
        ("one sentence of N words", &words, [5_000, 10_000, 20_000, 40_000]),
    ];
    println!(
        "{:<30} {:>10} {:>10} {:>10} {:>13} {:>9}",
        "draft", "size", "check ms", "extract ms", "check/extract", "doubling"
    );
    for (name, make, sizes) in families {
        let mut previous: Option<Duration> = None;
        for n in sizes {
            let text = make(n);
            // A fresh checker each run: its caches must not carry one run's work into the next.
            let check = time(|| {
                let checker = Checker::new(ledger.index(), Detector::builtin(), settings.clone()).expect("a checker");
                black_box(checker.check("bench.md", black_box(&text)).expect("the check runs"));
            });
            let extract = time(|| {
                black_box(markdown::extract(black_box(&text)));
            });
            let doubling = previous.map_or("".to_owned(), |p| format!("{:.2}", check.as_secs_f64() / p.as_secs_f64()));
            println!(
                "{name:<30} {n:>10} {:>10.1} {:>10.1} {:>13.1} {doubling:>9}",
                ms(check),
                ms(extract),
                check.as_secs_f64() / extract.as_secs_f64()
            );
            previous = Some(check);
        }
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
