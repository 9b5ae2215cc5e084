//! Measures `match` on a CheckThat! claim-retrieval folder: which ledger claim does a tweet or a debate sentence
//! restate?
//!
//! Usage: `cargo run --release --example evaluate_match -- DIR SPLIT [--ledger DIR] [--show N]`, where DIR is
//! e.g. `../shared/data/checkthat/claim-retrieval/2a-tweets-snopes` and SPLIT is `train` or `dev`.
//!
//! It writes a ledger holding one claim per verified claim (the `vclaim` text only, as a newsroom would record
//! it) into a temporary folder (or `--ledger DIR`, kept and reused across runs), opens it as `claimledger` does
//! (the index is built then, and timed), and runs the real match path ([`Checker::match_sentence`]) over every
//! query of the split. It prints MAP@1 and MAP@5 of what `match` ranks, recall@5/50/200 of the candidate step
//! alone, and the latency per query of each. The data stays in the shared folder; nothing is written to the
//! repository.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use claimledger::check::{Checker, Settings, Severities};
use claimledger::detect::{Detector, View};
use claimledger::ledger::Ledger;
use claimledger::record::{normalize_text, Claim, Record};
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

struct Query {
    id: String,
    text: String,
    /// Ledger claim ids (hex) of the verified claims it restates.
    relevant: HashSet<String>,
}

fn run() -> Result<(), String> {
    let (mut dir, mut split, mut keep, mut show) = (None, None, None, 0usize);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--ledger" => keep = Some(PathBuf::from(args.next().ok_or("--ledger needs a folder")?)),
            "--show" => show = args.next().and_then(|n| n.parse().ok()).ok_or("--show needs a number")?,
            _ if a.starts_with('-') => return Err(format!("unknown option {a}")),
            _ if dir.is_none() => dir = Some(PathBuf::from(a)),
            _ if split.is_none() => split = Some(a),
            _ => return Err(format!("unexpected argument {a}")),
        }
    }
    let dir = dir.ok_or("usage: evaluate_match DIR train|dev [--ledger DIR] [--show N]")?;
    let split = split.ok_or("usage: evaluate_match DIR train|dev [--ledger DIR] [--show N]")?;
    let claims = read_vclaims(&dir.join("vclaims.jsonl"))?;
    let queries = read_queries(&dir, &split, &claims)?;

    let tmp = tempfile::tempdir().map_err(|e| format!("temporary folder: {e}"))?;
    let root = keep.unwrap_or_else(|| tmp.path().join("ledger"));
    let started = Instant::now();
    let (store, _) = Store::init(&root).map_err(|e| e.to_string())?;
    let mut written = 0;
    for text in claims.values() {
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
    let weights = index.weights().map_err(|e| e.to_string())?;

    let max_at = *RECALL_AT.iter().max().expect("not empty");
    let mut recall = [0.0f64; RECALL_AT.len()];
    let (mut map1, mut map5) = (0.0f64, 0.0f64);
    let (mut candidate_time, mut match_time) = (Duration::ZERO, Duration::ZERO);
    let mut shown = 0;
    for q in &queries {
        let started = Instant::now();
        let keys = claimledger::matching::query_keys(&q.text);
        let candidates = index.candidates(&keys, &weights, max_at).map_err(|e| e.to_string())?;
        candidate_time += started.elapsed();
        let ranked: Vec<String> = candidates.into_iter().map(|c| c.id).collect();
        for (r, at) in recall.iter_mut().zip(RECALL_AT) {
            *r += hits(&ranked, &q.relevant, at) as f64 / q.relevant.len() as f64;
        }

        let started = Instant::now();
        let found = checker.match_sentence(&q.text, 5).map_err(|e| e.to_string())?;
        match_time += started.elapsed();
        let ranked: Vec<String> = found.iter().map(|c| c.id.clone()).collect();
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

/// How many of the first `at` ranked ids are relevant.
fn hits(ranked: &[String], relevant: &HashSet<String>, at: usize) -> usize {
    ranked.iter().take(at).filter(|id| relevant.contains(*id)).count()
}

/// Average precision over the first `at` ranks, divided by the number of relevant claims (CheckThat!'s MAP@k).
fn average_precision(ranked: &[String], relevant: &HashSet<String>, at: usize) -> f64 {
    let mut found = 0;
    let mut sum = 0.0;
    for (i, id) in ranked.iter().take(at).enumerate() {
        if relevant.contains(id) {
            found += 1;
            sum += found as f64 / (i + 1) as f64;
        }
    }
    sum / relevant.len().max(1) as f64
}

/// vclaim_id -> normalised claim text.
fn read_vclaims(path: &Path) -> Result<HashMap<String, String>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = HashMap::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("{}:{}: {e}", path.display(), n + 1))?;
        let field = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_owned);
        let (Some(id), Some(claim)) = (field("vclaim_id"), field("vclaim")) else {
            return Err(format!("{}:{}: no vclaim_id or vclaim", path.display(), n + 1));
        };
        let claim = normalize_text(&claim);
        if !claim.is_empty() {
            out.insert(id, claim);
        }
    }
    Ok(out)
}

/// The queries of one split with the ledger claims they restate.
fn read_queries(dir: &Path, split: &str, claims: &HashMap<String, String>) -> Result<Vec<Query>, String> {
    let find = |suffix: &str| -> Result<PathBuf, String> {
        let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        entries
            .flatten()
            .map(|e| e.path())
            .find(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with(suffix)))
            .ok_or_else(|| format!("{}: no *{suffix}", dir.display()))
    };
    let qrels_name = match split {
        "train" => "Train_QRELs.tsv",
        "dev" => "Dev_QRELs.tsv",
        _ => return Err(format!("split {split}: expected train or dev")),
    };
    let qrels_path = find(qrels_name)?;
    let qrels = std::fs::read_to_string(&qrels_path).map_err(|e| format!("{}: {e}", qrels_path.display()))?;
    let mut relevant: HashMap<String, HashSet<String>> = HashMap::new();
    let mut order = Vec::new();
    for line in qrels.lines().filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [qid, _, vclaim, _] = cols[..] else {
            return Err(format!("{}: malformed line {line:?}", qrels_path.display()));
        };
        let Some(text) = claims.get(vclaim) else { continue };
        let id = Record::Claim(Claim { text: text.clone() }).id().to_hex();
        if !relevant.contains_key(qid) {
            order.push(qid.to_owned());
        }
        relevant.entry(qid.to_owned()).or_default().insert(id);
    }
    let queries_path = find("Queries.tsv")?;
    let text = std::fs::read_to_string(&queries_path).map_err(|e| format!("{}: {e}", queries_path.display()))?;
    let mut texts: HashMap<String, String> = HashMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let Some((id, query)) = line.split_once('\t') else {
            return Err(format!("{}: malformed line {line:?}", queries_path.display()));
        };
        texts.insert(id.to_owned(), unquote(query));
    }
    order
        .into_iter()
        .map(|id| {
            let text = texts.get(&id).cloned().ok_or_else(|| format!("query {id} has no text"))?;
            let relevant = relevant.remove(&id).unwrap_or_default();
            Ok(Query { id, text, relevant })
        })
        .collect()
}

/// A CSV-quoted field ("a ""b""") as its text.
fn unquote(field: &str) -> String {
    let f = field.trim_end_matches(['\r', '\n']);
    match f.strip_prefix('"').and_then(|f| f.strip_suffix('"')) {
        Some(inner) => inner.replace("\"\"", "\""),
        None => f.to_owned(),
    }
}
