//! Reading the CheckThat! claim-retrieval data (verified claims, queries and their relevance judgements) and
//! the measures its lab reports, for evaluating and training retrieval on real fact-check corpora.
//!
//! This file owns the file formats (`vclaims.jsonl`, `*_Queries.tsv`, `*_QRELs.tsv`) and MAP@k as the lab
//! computes it. It does not build ledgers or search (the examples and tests that use it do). The data stays
//! in the shared folder; nothing read here is written anywhere.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::record::{normalize_text, Claim, Record};

/// One query of a split with the ledger claims (hex ids of the `vclaim` texts) it restates.
#[derive(Clone, Debug)]
pub struct Query {
    pub id: String,
    pub text: String,
    pub relevant: HashSet<String>,
}

/// A claim-retrieval folder read for one split.
#[derive(Clone, Debug)]
pub struct Split {
    /// Distinct normalised claim texts, in file order.
    pub claims: Vec<String>,
    pub queries: Vec<Query>,
}

/// The ledger id of a claim text.
pub fn claim_id(text: &str) -> String {
    Record::Claim(Claim { text: text.to_owned() }).id().to_hex()
}

/// Reads `dir` (e.g. `2a-tweets-snopes`) for `split` (`train` or `dev`).
pub fn read(dir: &Path, split: &str) -> Result<Split, String> {
    let path = dir.join("vclaims.jsonl");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut by_vclaim: HashMap<String, String> = HashMap::new();
    let mut claims = Vec::new();
    let mut seen = HashSet::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("{}:{}: {e}", path.display(), n + 1))?;
        let field = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_owned);
        let (Some(id), Some(claim)) = (field("vclaim_id"), field("vclaim")) else {
            return Err(format!("{}:{}: no vclaim_id or vclaim", path.display(), n + 1));
        };
        let claim = normalize_text(&claim);
        if claim.is_empty() {
            continue;
        }
        if seen.insert(claim.clone()) {
            claims.push(claim.clone());
        }
        by_vclaim.insert(id, claim);
    }
    let queries = read_queries(dir, split, &by_vclaim)?;
    Ok(Split { claims, queries })
}

fn find(dir: &Path, suffix: &str) -> Result<PathBuf, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with(suffix)))
        .collect();
    found.sort();
    found.into_iter().next().ok_or_else(|| format!("{}: no *{suffix}", dir.display()))
}

fn read_queries(dir: &Path, split: &str, claims: &HashMap<String, String>) -> Result<Vec<Query>, String> {
    let qrels_name = match split {
        "train" => "Train_QRELs.tsv",
        "dev" => "Dev_QRELs.tsv",
        _ => return Err(format!("split {split}: expected train or dev")),
    };
    let qrels_path = find(dir, qrels_name)?;
    let qrels = std::fs::read_to_string(&qrels_path).map_err(|e| format!("{}: {e}", qrels_path.display()))?;
    let mut relevant: HashMap<String, HashSet<String>> = HashMap::new();
    let mut order = Vec::new();
    for line in qrels.lines().filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [qid, _, vclaim, _] = cols[..] else {
            return Err(format!("{}: malformed line {line:?}", qrels_path.display()));
        };
        let Some(text) = claims.get(vclaim) else { continue };
        if !relevant.contains_key(qid) {
            order.push(qid.to_owned());
        }
        relevant.entry(qid.to_owned()).or_default().insert(claim_id(text));
    }
    let queries_path = find(dir, "Queries.tsv")?;
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

/// How many of the first `at` ranked ids are relevant.
pub fn hits(ranked: &[String], relevant: &HashSet<String>, at: usize) -> usize {
    ranked.iter().take(at).filter(|id| relevant.contains(*id)).count()
}

/// Average precision over the first `at` ranks, divided by the number of relevant claims (the lab's MAP@k).
pub fn average_precision(ranked: &[String], relevant: &HashSet<String>, at: usize) -> f64 {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn average_precision_as_the_lab_computes_it() {
        let ranked: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        let one: HashSet<String> = ["b".to_string()].into();
        assert_eq!(average_precision(&ranked, &one, 5), 0.5);
        assert_eq!(average_precision(&ranked, &one, 1), 0.0);
        let two: HashSet<String> = ["a".to_string(), "c".to_string()].into();
        assert!((average_precision(&ranked, &two, 5) - (1.0 + 2.0 / 3.0) / 2.0).abs() < 1e-9);
        assert_eq!(unquote("\"say \"\"no\"\"\""), "say \"no\"");
    }
}
