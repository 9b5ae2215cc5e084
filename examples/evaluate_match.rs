//! Measures `match` on a CheckThat! claim-retrieval folder: which ledger claim does a tweet or a debate sentence
//! restate?
//!
//! Usage: `cargo run --release --example evaluate_match -- DIR SPLIT [--ledger DIR] [--show N] [--absent]`, where
//! DIR is e.g. `../shared/data/checkthat/claim-retrieval/2a-tweets-snopes` and SPLIT is `train` or `dev`.
//!
//! It writes a ledger holding one claim per verified claim (the `vclaim` text only, as a newsroom would record it) into
//! a temporary folder (or `--ledger DIR`, kept and reused across runs), opens it as `claimledger` does (the index is
//! built then, and timed), and runs the real match path ([`Checker::match_sentence`]) over every query of the split. It
//! prints MAP@1 and MAP@5 of what `match` ranks, recall@5/50/200 of the candidate step alone, how many queries `match`
//! gives a match and how many of those matches are right, and the latency per query of each. With `--absent` the ledger
//! leaves out every claim a query of the split restates, so each match is a wrong one: how often `match` (and so
//! `check`) takes a sentence as sourced by a claim it does not state. The data stays in the shared folder; nothing is
//! written to the repository.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use claimledger::check::{Checker, Settings, Severities};
use claimledger::detect::{Detector, View};
use claimledger::ledger::Ledger;
use claimledger::matching::checkthat::{self, average_precision, hits};
use claimledger::matching::Decision;
use claimledger::record::{Claim, Record};
use claimledger::store::Store;

/// How deep the candidate step's recall is measured.
const RECALL_AT: [usize; 3] = [5, 50, 200];

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
    let (mut dir, mut split, mut keep, mut show, mut absent) = (None, None, None, 0usize, false);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--ledger" => keep = Some(PathBuf::from(args.next().ok_or("--ledger needs a folder")?)),
            "--absent" => absent = true,
            "--show" => show = args.next().and_then(|n| n.parse().ok()).ok_or("--show needs a number")?,
            _ if a.starts_with('-') => return Err(format!("unknown option {a}")),
            _ if dir.is_none() => dir = Some(PathBuf::from(a)),
            _ if split.is_none() => split = Some(a),
            _ => return Err(format!("unexpected argument {a}")),
        }
    }
    let dir = dir.ok_or("usage: evaluate_match DIR train|dev [--ledger DIR] [--show N]")?;
    let split = split.ok_or("usage: evaluate_match DIR train|dev [--ledger DIR] [--show N]")?;
    let data = checkthat::read(&dir, &split)?;
    let (mut claims, queries) = (data.claims, data.queries);
    if absent {
        let restated: std::collections::HashSet<&String> = queries.iter().flat_map(|q| &q.relevant).collect();
        claims.retain(|text| !restated.contains(&Record::Claim(Claim { text: text.clone() }).id().to_hex()));
    }

    let tmp = tempfile::tempdir().map_err(|e| format!("temporary folder: {e}"))?;
    let root = keep.unwrap_or_else(|| tmp.path().join("ledger"));
    let started = Instant::now();
    let (store, _) = Store::init(&root).map_err(|e| e.to_string())?;
    let mut written = 0;
    for text in &claims {
        if store.write(&Record::Claim(Claim { text: text.clone() })).map_err(|e| e.to_string())?.created {
            written += 1;
        }
    }
    let write_time = started.elapsed();
    let started = Instant::now();
    let ledger = Ledger::open(&root).map_err(|e| e.to_string())?;
    let open_time = started.elapsed();
    println!(
        "{}: {} verified claims ({} files written in {:.1} s), index built in {:.2} s; {} {split} queries",
        dir.display(),
        claims.len(),
        written,
        write_time.as_secs_f64(),
        open_time.as_secs_f64(),
        queries.len()
    );

    let settings = Settings { severities: Severities::default(), view: View::Factual, threshold: None };
    let checker = Checker::new(ledger.index(), Detector::builtin(), settings).map_err(|e| e.to_string())?;
    let index = ledger.index();

    let max_at = *RECALL_AT.iter().max().expect("not empty");
    let mut recall = [0.0f64; RECALL_AT.len()];
    let (mut map1, mut map5) = (0.0f64, 0.0f64);
    let (mut candidate_time, mut match_time) = (Duration::ZERO, Duration::ZERO);
    let mut shown = 0;
    let (mut matched, mut matched_right) = (0usize, 0usize);
    for q in &queries {
        let started = Instant::now();
        let candidates = index.lexical(&q.text, max_at).map_err(|e| e.to_string())?;
        candidate_time += started.elapsed();
        let ranked: Vec<String> = candidates.into_iter().map(|c| c.id).collect();
        for (r, at) in recall.iter_mut().zip(RECALL_AT) {
            *r += hits(&ranked, &q.relevant, at) as f64 / q.relevant.len() as f64;
        }

        let started = Instant::now();
        let found = checker.match_sentence(&q.text, 5).map_err(|e| e.to_string())?;
        match_time += started.elapsed();
        let ranked: Vec<String> = found.iter().map(|c| c.id.clone()).collect();
        if let Some(first) = found.first().filter(|c| c.decision == Decision::Match) {
            matched += 1;
            matched_right += usize::from(q.relevant.contains(&first.id));
        }
        map1 += average_precision(&ranked, &q.relevant, 1);
        let ap5 = average_precision(&ranked, &q.relevant, 5);
        map5 += ap5;
        if ap5 < 1.0 && shown < show {
            shown += 1;
            println!("\n{} (AP@5 {ap5:.2}): {}", q.id, q.text);
            for id in &q.relevant {
                println!("  want  {}", &id[..12]);
            }
            for c in &found {
                let mark = if q.relevant.contains(&c.id) { "*" } else { " " };
                println!("  {mark} {:.2} {} {:?}: {}", c.score, &c.id[..12], c.decision, c.text);
            }
        }
    }
    let n = queries.len().max(1) as f64;
    println!("match:      MAP@1 {:.3}  MAP@5 {:.3}", map1 / n, map5 / n);
    println!(
        "decisions:  {matched} of {} queries matched ({:.1}%), the first match right for {matched_right}{}",
        queries.len(),
        100.0 * matched as f64 / n,
        if absent { " (every claim they restate left out of the ledger)" } else { "" }
    );
    let recalls: Vec<String> =
        RECALL_AT.iter().zip(recall).map(|(at, r)| format!("recall@{at} {:.3}", r / n)).collect();
    println!("candidates: {}", recalls.join("  "));
    println!(
        "latency per query: candidates ({max_at}) {:.2} ms, match (top 5) {:.2} ms",
        candidate_time.as_secs_f64() * 1000.0 / n,
        match_time.as_secs_f64() * 1000.0 / n
    );
    Ok(())
}
