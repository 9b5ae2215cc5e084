//! Claim units measured: sentences that restate a sourced ledger claim and add a fact (reported at the added
//! part) or a judgement (not reported), against a ledger built from tests/fixtures/units/claims.txt.
//!
//! The sentences (tests/fixtures/units/sentences.tsv) were written for this test about varied topics; the
//! `held` split was written with the `dev` split and never used to tune anything. Run with
//! `cargo test --test cli claim_units -- --nocapture` to see the figures.

use std::path::Path;

use claimledger::check::{Checker, Finding, Rule, Settings, Severities};
use claimledger::detect::{Detector, View};
use claimledger::ledger::{Ledger, NewSource, Stamp};
use claimledger::record::QuoteKind;

/// A ledger in a temporary folder where every line of claims.txt is a claim with a live source.
pub fn units_ledger() -> (tempfile::TempDir, Ledger) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    claimledger::store::Store::init(dir.path().join("ledger")).unwrap();
    let mut ledger = Ledger::open(dir.path().join("ledger")).unwrap();
    let stamp = Stamp { by: "desk@example.org".into(), at: "2026-03-01T12:00:00Z".parse().unwrap() };
    let claims = std::fs::read_to_string(root.join("tests/fixtures/units/claims.txt")).unwrap();
    for (n, text) in claims.lines().enumerate() {
        let source = NewSource {
            url: format!("https://wire.example.org/units/{}", n + 1),
            outlet: "Example Wire".into(),
            ..NewSource::default()
        };
        let source = ledger.add_source(&source).unwrap().id.to_hex();
        let claim = ledger.add_claim(text).unwrap().id.to_hex();
        ledger.attribute(&claim, &source, text, QuoteKind::Verbatim, &stamp).unwrap();
    }
    (dir, ledger)
}

struct Row {
    split: String,
    kind: String,
    expect_report: bool,
    part: String,
    sentence: String,
}

fn rows() -> Vec<Row> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("tests/fixtures/units/sentences.tsv")).unwrap();
    text.lines()
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            Row {
                split: c[0].into(),
                kind: c[1].into(),
                expect_report: c[2] == "report",
                part: c[3].into(),
                sentence: c[4].into(),
            }
        })
        .collect()
}

/// Whether a finding points at the added part: it covers most of the part and little of the rest.
fn at_part(f: &Finding, sentence: &str, part: &str) -> bool {
    let start = sentence.find(part).expect("the part is in its sentence");
    let (p0, p1) = (start, start + part.len());
    let (f0, f1) = (f.location.start_byte, f.location.end_byte);
    let inside = f1.min(p1).saturating_sub(f0.max(p0));
    let outside = (f1 - f0) - inside;
    inside * 10 >= part.len() * 6 && outside * 4 <= sentence.len() - part.len()
}

#[derive(Default)]
struct Tally {
    facts: usize,
    at_part: usize,
    elsewhere: usize,
    judgements: usize,
    judgements_flagged: usize,
    clean: usize,
    clean_flagged: usize,
}

#[test]
fn claim_units_added_facts_and_judgements() {
    let (_dir, ledger) = units_ledger();
    let settings = Settings { severities: Severities::default(), view: View::Factual, threshold: None };
    let checker = Checker::new(ledger.index(), Detector::builtin(), settings).unwrap();
    let mut tallies: std::collections::BTreeMap<String, Tally> = Default::default();
    let mut misses = Vec::new();
    let only = std::env::var("UNITS_SPLIT").ok();
    for row in rows().into_iter().filter(|r| only.as_deref().is_none_or(|s| s == r.split)) {
        let report = checker.check("units.md", &row.sentence).unwrap();
        let t = tallies.entry(row.split.clone()).or_default();
        let unsourced: Vec<&Finding> = report.findings.iter().filter(|f| f.rule == Rule::UnsourcedClaim).collect();
        if row.expect_report {
            t.facts += 1;
            if unsourced.iter().any(|f| at_part(f, &row.sentence, &row.part)) {
                t.at_part += 1;
            } else {
                if !unsourced.is_empty() {
                    t.elsewhere += 1;
                }
                misses.push(format!(
                    "[{} {}] missed: {} -> {:?}",
                    row.split,
                    row.kind,
                    row.sentence,
                    spans(&report.findings, &row.sentence)
                ));
            }
        } else {
            let flagged = !report.findings.is_empty();
            if row.kind == "judgement" {
                t.judgements += 1;
                t.judgements_flagged += usize::from(flagged);
            } else {
                t.clean += 1;
                t.clean_flagged += usize::from(flagged);
            }
            if flagged {
                misses.push(format!(
                    "[{} {}] flagged: {} -> {:?}",
                    row.split,
                    row.kind,
                    row.sentence,
                    spans(&report.findings, &row.sentence)
                ));
            }
        }
    }
    for m in &misses {
        eprintln!("{m}");
    }
    eprintln!(
        "{:<6} {:>22} {:>14} {:>20} {:>16}",
        "split", "added facts at part", "elsewhere", "judgements flagged", "clean flagged"
    );
    for (split, t) in &tallies {
        eprintln!(
            "{split:<6} {:>16} / {:<3} {:>14} {:>14} / {:<3} {:>12} / {:<3}",
            t.at_part, t.facts, t.elsewhere, t.judgements_flagged, t.judgements, t.clean_flagged, t.clean
        );
    }
}

fn spans(findings: &[Finding], sentence: &str) -> Vec<String> {
    findings
        .iter()
        .map(|f| {
            let text = sentence.get(f.location.start_byte..f.location.end_byte).unwrap_or("?");
            format!("{}: {text:?}", f.rule)
        })
        .collect()
}
