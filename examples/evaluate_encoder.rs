//! Cosine-only claim retrieval with the static encoder on CheckThat! 2022 task 2 (2A tweets against Snopes
//! claims, 2B debate sentences against PolitiFact claims): MAP@5 and recall@k, train and dev separately.
//!
//! Usage: `cargo run --release --example evaluate_encoder -- [DATA_DIR] [--model FILE]`, DATA_DIR defaulting to
//! `../shared/data/checkthat/claim-retrieval` and the model to the compiled-in one. Every claim's `vclaim` text
//! and every query is embedded; each query ranks all claims of its task by cosine. MAP@5 is CheckThat!'s
//! measure (average precision over the top 5, divided by the number of relevant claims). The same figures for
//! the full transformer come from `examples/encoder_reference.py`.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use claimledger::embed::Encoder;

const TASKS: [(&str, &str); 2] =
    [("2a-tweets-snopes", "CT2022-Task2A-EN"), ("2b-debates-politifact", "CT2022-Task2B-EN")];

fn main() {
    let mut dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/checkthat/claim-retrieval"));
    let mut model: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--model" => model = args.next().map(PathBuf::from),
            _ if a.starts_with("--") => fail(&format!("unknown option {a}")),
            _ => dir = PathBuf::from(a),
        }
    }
    let owned;
    let encoder = match &model {
        Some(p) => {
            let bytes = std::fs::read(p).unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", p.display())));
            owned = Encoder::from_bytes(&bytes).unwrap_or_else(|e| fail(&format!("{}: {e}", p.display())));
            &owned
        }
        None => Encoder::get(),
    };
    if !dir.is_dir() {
        println!("skipping: no CheckThat! data at {}", dir.display());
        return;
    }
    println!("| task | split | queries | MAP@5 | recall@5 | recall@50 | recall@200 |");
    println!("|---|---|---|---|---|---|---|");
    let mut embedded = 0usize;
    let mut seconds = 0f64;
    for (task, prefix) in TASKS {
        let folder = dir.join(task);
        let (ids, texts) = claims(&folder.join("vclaims.jsonl"));
        let t = Instant::now();
        let claim_vecs: Vec<Vec<f32>> = texts.iter().map(|t| encoder.embed(t)).collect();
        seconds += t.elapsed().as_secs_f64();
        embedded += texts.len();
        let queries = queries(&folder.join(format!("{prefix}-Train-Dev_Queries.tsv")));
        for split in ["Train", "Dev"] {
            let qrels = qrels(&folder.join(format!("{prefix}-{split}_QRELs.tsv")));
            let mut qids: Vec<&String> = qrels.keys().filter(|q| queries.contains_key(*q)).collect();
            qids.sort();
            let (mut map, mut r5, mut r50, mut r200) = (0f64, 0f64, 0f64, 0f64);
            for q in &qids {
                let v = encoder.embed(&queries[*q]);
                let mut scored: Vec<(f32, usize)> =
                    claim_vecs.iter().enumerate().map(|(i, c)| (dot(&v, c), i)).collect();
                // Ties (e.g. a query with no known word) fall back to the file order, deterministically.
                scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                let ranked: Vec<&str> = scored.iter().take(200).map(|&(_, i)| ids[i].as_str()).collect();
                let relevant = &qrels[*q];
                map += average_precision(relevant, &ranked, 5);
                r5 += recall(relevant, &ranked[..5]);
                r50 += recall(relevant, &ranked[..50]);
                r200 += recall(relevant, &ranked);
            }
            let n = qids.len() as f64;
            println!(
                "| {task} | {} | {} | {:.4} | {:.3} | {:.3} | {:.3} |",
                split.to_lowercase(),
                qids.len(),
                map / n,
                r5 / n,
                r50 / n,
                r200 / n
            );
        }
    }
    println!(
        "\nembedded {embedded} claims in {seconds:.2} s on one thread ({:.0} claims/s)",
        embedded as f64 / seconds
    );
}

fn fail(msg: &str) -> ! {
    eprintln!("error: {msg}");
    std::process::exit(2);
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn average_precision(relevant: &HashSet<String>, ranked: &[&str], k: usize) -> f64 {
    let (mut found, mut total) = (0usize, 0f64);
    for (i, c) in ranked.iter().take(k).enumerate() {
        if relevant.contains(*c) {
            found += 1;
            total += found as f64 / (i + 1) as f64;
        }
    }
    total / relevant.len() as f64
}

fn recall(relevant: &HashSet<String>, ranked: &[&str]) -> f64 {
    ranked.iter().filter(|c| relevant.contains(**c)).count() as f64 / relevant.len() as f64
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", path.display())))
}

/// Claim ids and texts, in file order.
fn claims(path: &Path) -> (Vec<String>, Vec<String>) {
    let mut ids = Vec::new();
    let mut texts = Vec::new();
    for (n, line) in read(path).lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let v: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| fail(&format!("{}:{}: {e}", path.display(), n + 1)));
        ids.push(v["vclaim_id"].as_str().unwrap_or_default().to_owned());
        texts.push(v["vclaim"].as_str().unwrap_or_default().to_owned());
    }
    (ids, texts)
}

/// Query id to text, from a tab-separated file whose fields may be CSV-quoted (with `""` for a quote, and
/// line breaks inside quotes).
fn queries(path: &Path) -> HashMap<String, String> {
    let text = read(path);
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    let mut at_start = true;
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' if at_start => {
                quoted = true;
                at_start = false;
            }
            '\t' => {
                row.push(std::mem::take(&mut field));
                at_start = true;
            }
            '\n' => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
                at_start = true;
            }
            '\r' => {}
            _ => {
                field.push(c);
                at_start = false;
            }
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows.into_iter()
        .filter(|r| r.len() >= 2)
        .map(|mut r| (std::mem::take(&mut r[0]), std::mem::take(&mut r[1])))
        .collect()
}

/// Query id to the ids of the claims it restates.
fn qrels(path: &Path) -> HashMap<String, HashSet<String>> {
    let mut out: HashMap<String, HashSet<String>> = HashMap::new();
    for line in read(path).lines() {
        let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
        if cols.len() >= 3 {
            out.entry(cols[0].to_owned()).or_default().insert(cols[2].to_owned());
        }
    }
    out
}
