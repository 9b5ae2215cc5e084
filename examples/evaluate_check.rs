//! Measures `check`'s decision on labelled sentences: each sentence is checked as a one-sentence draft against
//! an empty ledger in a temporary folder, so a sentence the gate takes for a fact is an `unsourced-claim`
//! finding, and one it lets pass is not.
//!
//! Usage: `cargo run --release --example evaluate_check -- [FILE...] [--split NAME] [--threshold X]
//! [--view factual|checkworthy] [--errors N] [--markdown] [--model FILE]`. `--model` measures another model file
//! than the compiled-in one (what `train_detector -o FILE` wrote). A FILE is the project's TSV (`label<TAB>sentence`
//! with label fact, opinion or other, or a header naming `label`, `sentence`, `genre`, `outlet`, `split`),
//! ClaimBuster's CSV (CFS and UFS are facts) or NewsSD-ENG's CSV (SUBJ is opinion, OBJ other). Without a FILE:
//! ClaimBuster's groundtruth, NewsSD-ENG's test file, the news-style fixture and the test split of
//! `tests/fixtures/journalism/sentences.tsv` and `mixed.tsv` when present. Prints precision, recall and F1 of facts, the share of each
//! label flagged, with bootstrap 95% intervals (1000 resamples, fixed seed); for ClaimBuster also the F1 of
//! check-worthy claims (CFS against the rest), the measure of the CheckThat! check-worthiness task.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use claimledger::check::{Checker, Rule, Settings, Severities};
use claimledger::detect::eval::{self, GateReport, Interval};
use claimledger::detect::labelled::{self, Format, Label, Labelled};
use claimledger::detect::{Detector, View};
use claimledger::ledger::Ledger;
use claimledger::store::Store;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

struct Options {
    files: Vec<PathBuf>,
    split: Option<String>,
    threshold: Option<f32>,
    view: View,
    errors: usize,
    markdown: bool,
    model: Option<PathBuf>,
}

fn run() -> Result<(), String> {
    let mut o = Options {
        files: Vec::new(),
        split: None,
        threshold: None,
        view: View::Factual,
        errors: 0,
        markdown: false,
        model: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match a.as_str() {
            "--split" => o.split = Some(value("--split")?),
            "--threshold" => {
                o.threshold = Some(value("--threshold")?.parse().map_err(|_| "--threshold needs a number")?)
            }
            "--view" => o.view = value("--view")?.parse().map_err(|e| format!("{e}"))?,
            "--errors" => o.errors = value("--errors")?.parse().map_err(|_| "--errors needs a count")?,
            "--markdown" => o.markdown = true,
            "--model" => o.model = Some(PathBuf::from(value("--model")?)),
            _ if a.starts_with('-') => return Err(format!("unknown option {a}")),
            _ => o.files.push(PathBuf::from(a)),
        }
    }
    let mut sets: Vec<(String, Vec<Labelled>)> = Vec::new();
    if o.files.is_empty() {
        for (name, path, split) in default_sets() {
            match read_set(&path) {
                Ok(items) => sets.push((name, filter_split(items, split.as_deref()))),
                Err(e) => eprintln!("skipping {name}: {e}"),
            }
        }
    } else {
        for path in &o.files {
            let items = read_set(path)?;
            sets.push((path.display().to_string(), filter_split(items, o.split.as_deref())));
        }
    }

    let folder = tempfile::tempdir().map_err(|e| format!("temporary folder: {e}"))?;
    Store::init(folder.path().join("ledger")).map_err(|e| format!("empty ledger: {e}"))?;
    let ledger = Ledger::open(folder.path().join("ledger")).map_err(|e| format!("empty ledger: {e}"))?;
    let detector: &'static Detector = match &o.model {
        None => Detector::builtin(),
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
            Box::leak(Box::new(Detector::from_bytes(&bytes).map_err(|e| format!("{}: {e}", path.display()))?))
        }
    };
    let settings = Settings { severities: Severities::default(), view: o.view, threshold: o.threshold };
    let checker = Checker::new(ledger.index(), detector, settings).map_err(|e| format!("checker: {e}"))?;
    let threshold = o.threshold.unwrap_or_else(|| detector.threshold(o.view));
    println!("check's decision, view {}, threshold {threshold:.3}, against an empty ledger", o.view);

    let mut table = Vec::new();
    for (name, items) in &sets {
        let mut flagged = Vec::with_capacity(items.len());
        for item in items {
            let report = checker.check("sentence.md", &item.text).map_err(|e| format!("{name}: {e}"))?;
            flagged.push(report.findings.iter().any(|f| f.rule == Rule::UnsourcedClaim));
        }
        let decided: Vec<(Label, &str, bool)> =
            items.iter().zip(&flagged).map(|(i, &f)| (i.label, i.tag.as_str(), f)).collect();
        let report = eval::gate(&decided, eval::RESAMPLES, eval::SEED);
        println!("\n{name}: {} sentences, {} facts, {} flagged", report.sentences, report.facts, report.flagged);
        print_report(&report);
        let checkworthy = items.iter().any(|i| i.tag == "cfs").then(|| {
            let cw: Vec<(Label, &str, bool)> = decided
                .iter()
                .map(|&(_, tag, f)| (if tag == "cfs" { Label::Fact } else { Label::Other }, "", f))
                .collect();
            eval::gate(&cw, eval::RESAMPLES, eval::SEED)
        });
        if let Some(cw) = &checkworthy {
            println!(
                "  check-worthy (CFS against the rest): precision {}  recall {}  F1 {}",
                cell(cw.precision),
                cell(cw.recall),
                cell(cw.f1)
            );
        }
        if o.errors > 0 {
            print_errors(items, &flagged, o.errors, detector, o.view);
        }
        table.push((name.clone(), report, checkworthy));
    }
    if o.markdown {
        println!("\n| set | sentences | fact precision | fact recall | fact F1 | opinion flagged | other flagged |");
        println!("|---|---|---|---|---|---|---|");
        for (name, r, cw) in &table {
            let share =
                |label: &str| r.shares.iter().find(|s| s.0 == label).map(|s| cell(Some(s.2))).unwrap_or("–".into());
            let f1 = match cw {
                Some(cw) => format!("{} (check-worthy {})", cell(r.f1), cell(cw.f1)),
                None => cell(r.f1),
            };
            println!(
                "| {name} | {} | {} | {} | {f1} | {} | {} |",
                r.sentences,
                cell(r.precision),
                cell(r.recall),
                share("opinion"),
                share("other")
            );
        }
    }
    Ok(())
}

fn default_sets() -> Vec<(String, PathBuf, Option<String>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared/data");
    let mut out = vec![
        ("ClaimBuster groundtruth".to_string(), shared.join("claimbuster/groundtruth.csv"), None),
        ("NewsSD-ENG test".to_string(), shared.join("newssd/test.csv"), None),
        ("news-style fixture".to_string(), root.join("tests/fixtures/detect/news_style.tsv"), None),
    ];
    for file in ["sentences.tsv", "mixed.tsv"] {
        let path = root.join("tests/fixtures/journalism").join(file);
        if path.is_file() {
            out.push((format!("journalism {file} (test split)"), path, Some("test".to_string())));
        }
    }
    out
}

fn read_set(path: &Path) -> Result<Vec<Labelled>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let parsed = match labelled::sniff(&text) {
        Format::Tsv if is_verdict_tsv(&text) => claimledger::detect::data::parse_news_tsv(&text).map(|v| {
            v.into_iter()
                .map(|e| Labelled {
                    label: if e.verdict >= 0 { Label::Fact } else { Label::Other },
                    tag: e.topic,
                    text: e.text,
                    split: String::new(),
                    id: String::new(),
                    outlet: String::new(),
                })
                .collect()
        }),
        _ => labelled::parse(&text),
    };
    parsed.map_err(|e| format!("{}: {e}", path.display()))
}

/// The news-style fixture keeps ClaimBuster's verdicts (1, 0, -1) in its first column.
fn is_verdict_tsv(text: &str) -> bool {
    let first = text.lines().find(|l| !l.trim().is_empty() && !l.starts_with('#')).unwrap_or("");
    matches!(first.split('\t').next(), Some("1" | "0" | "-1"))
}

fn filter_split(items: Vec<Labelled>, split: Option<&str>) -> Vec<Labelled> {
    match split {
        Some(s) => items.into_iter().filter(|i| i.split == s).collect(),
        None => items,
    }
}

fn cell(i: Option<Interval>) -> String {
    match i {
        // `+ 0.0` turns the -0.0 of an empty float sum into 0.0.
        Some(i) => format!("{:.3} [{:.3}, {:.3}]", i.point + 0.0, i.low + 0.0, i.high + 0.0),
        None => "–".into(),
    }
}

fn print_report(r: &GateReport) {
    if r.facts > 0 {
        println!("  facts: precision {}  recall {}  F1 {}", cell(r.precision), cell(r.recall), cell(r.f1));
    }
    for (name, n, share) in &r.shares {
        println!("  {name:<16} {n:>5} sentences, flagged {}", cell(Some(*share)));
    }
}

fn print_errors(items: &[Labelled], flagged: &[bool], n: usize, detector: &Detector, view: View) {
    let mut wrong: Vec<(f32, &Labelled, bool)> = items
        .iter()
        .zip(flagged)
        .filter(|(i, &f)| f != (i.label == Label::Fact))
        .map(|(i, &f)| (detector.scores(&i.text).get(view), i, f))
        .collect();
    wrong.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!("  misjudged ({} in all; flagged non-facts first, highest score first):", wrong.len());
    let (fp, missed): (Vec<_>, Vec<_>) = wrong.into_iter().partition(|w| w.2);
    for (score, item, _) in fp.iter().take(n).chain(missed.iter().rev().take(n)) {
        let why: Vec<String> =
            detector.explain(&item.text, view, 3).iter().map(|c| format!("{} {:+.2}", c.feature, c.weight)).collect();
        println!(
            "    {score:.2} {:<7} {:.140}  [{}]",
            item.label.as_str(),
            item.text.replace('\n', " "),
            why.join(", ")
        );
    }
}
