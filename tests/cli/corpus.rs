//! check measured on the labelled corpus (tests/fixtures/matching/corpus.tsv) against the example ledger.
//!
//! Each corpus sentence is checked as a one-sentence draft. What check should report follows from the label
//! and the example ledger: a match of a sourced claim needs nothing, a match of an unsourced claim is an
//! unsourced-claim, a conflict is a conflicting-figure, a fact the ledger lacks is an unsourced-claim, and
//! opinion or questions are left alone. Misattribution depends on outlets and is asserted elsewhere.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use claimledger::check::{Checker, Rule, Settings, Severities};
use claimledger::detect::{Detector, View};
use claimledger::index::ClaimStatus;
use claimledger::ledger::Ledger;
use claimledger::matching::Decision;
use claimledger::record::{Claim, Record};

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let name = e.file_name();
        if name == ".cache" {
            continue;
        }
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(&name));
        } else {
            std::fs::copy(e.path(), to.join(&name)).unwrap();
        }
    }
}

#[test]
fn corpus_precision_and_recall() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&root.join("ledger"), &tmp.path().join("ledger"));
    let ledger = Ledger::open(tmp.path().join("ledger")).unwrap();
    let claims: Vec<String> = std::fs::read_to_string(root.join("tests/fixtures/matching/claims.txt"))
        .unwrap()
        .lines()
        .map(|t| Record::Claim(Claim { text: t.to_owned() }).id().to_hex())
        .collect();
    let settings = Settings { severities: Severities::default(), view: View::Factual, threshold: None };
    let checker = Checker::new(ledger.index(), Detector::builtin(), settings).unwrap();
    let corpus = std::fs::read_to_string(root.join("tests/fixtures/matching/corpus.tsv")).unwrap();

    // rule -> (true positives, false positives, false negatives)
    let mut tally: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut rows = 0;
    for line in corpus.lines().skip(1) {
        let mut cols = line.splitn(3, '\t');
        let (expected, kind, sentence) = (cols.next().unwrap(), cols.next().unwrap(), cols.next().unwrap());
        if kind == "limitation" {
            continue;
        }
        rows += 1;
        let mut want: BTreeSet<Rule> = BTreeSet::new();
        let mut must_match = Vec::new();
        for part in expected.split(';') {
            if let Some(ns) = part.strip_prefix("match:") {
                for n in ns.split('+') {
                    let id = &claims[n.parse::<usize>().unwrap() - 1];
                    must_match.push(id.clone());
                    let status = ledger.index().claim(&id.parse().unwrap()).unwrap().unwrap().status;
                    if status == ClaimStatus::Unsourced {
                        want.insert(Rule::UnsourcedClaim);
                    }
                }
            } else if part.starts_with("conflict:") {
                want.insert(Rule::ConflictingFigure);
            } else if !matches!(kind, "opinion" | "question") {
                want.insert(Rule::UnsourcedClaim);
            }
        }
        let report = checker.check("corpus.md", sentence).unwrap();
        let got: BTreeSet<Rule> =
            report.findings.iter().map(|f| f.rule).filter(|r| *r != Rule::Misattributed).collect();
        for rule in [Rule::UnsourcedClaim, Rule::ConflictingFigure] {
            let t = tally.entry(rule.id()).or_default();
            match (want.contains(&rule), got.contains(&rule)) {
                (true, true) => t.0 += 1,
                (false, true) => {
                    t.1 += 1;
                    eprintln!("false {}: {sentence}", rule.id());
                }
                (true, false) => {
                    t.2 += 1;
                    eprintln!("missed {}: {sentence}", rule.id());
                }
                (false, false) => {}
            }
        }
        // The hard targets.
        if matches!(kind, "opinion" | "question") && !got.is_empty() {
            failures.push(format!("opinion or question flagged: {sentence} -> {got:?}"));
        }
        if matches!(kind, "wrong-figure" | "wrong-name") && !got.contains(&Rule::ConflictingFigure) {
            failures.push(format!("wrong figure not reported as a conflict: {sentence} -> {got:?}"));
        }
        if matches!(kind, "paraphrase" | "passive" | "exact" | "two-claims" | "credited" | "quote") {
            let found = checker.match_sentence(sentence, 20).unwrap();
            for id in &must_match {
                if !found.iter().any(|c| &c.id == id && matches!(c.decision, Decision::Match)) {
                    failures.push(format!("paraphrase not matched to {}: {sentence}", &id[..12]));
                }
            }
        }
    }
    eprintln!("corpus: {rows} sentences");
    eprintln!("{:<20} {:>9} {:>9} {:>4} {:>4} {:>4}", "rule", "precision", "recall", "tp", "fp", "fn");
    for (rule, (tp, fp, fneg)) in &tally {
        let p = *tp as f64 / (tp + fp).max(1) as f64;
        let r = *tp as f64 / (tp + fneg).max(1) as f64;
        eprintln!("{rule:<20} {p:>9.3} {r:>9.3} {tp:>4} {fp:>4} {fneg:>4}");
    }
    assert!(rows >= 60, "the corpus has at least 60 sentences");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
