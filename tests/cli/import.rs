//! `import` from CSV, JSON Lines and ClaimReview; `claim add -`; URLs where ids are expected.

use std::collections::BTreeSet;
use std::io::Write;
use std::process::Stdio;

use insta::assert_snapshot;

use crate::export::tricky;
use crate::{Env, Run};

/// A CSV of `n` sourced claims, two claims per source, every other quote a paraphrase.
fn sourced_csv(n: usize) -> String {
    let mut csv = String::from("text,url,outlet,published,quote,quote_kind\r\n");
    for i in 0..n {
        let kind = if i % 2 == 0 { "verbatim" } else { "paraphrase" };
        csv.push_str(&format!(
            "\"Region {i} recorded {} millimetres of rain, the most since {}.\",https://news.example.org/rain/{}?utm_source=feed,\"Weather, Daily\",2025-{:02}-{:02},\"{} mm fell in region {i}, a \"\"record\"\".\",{kind}\r\n",
            100 + i,
            1900 + i,
            i / 2,
            1 + i / 2 % 12,
            1 + i / 2 % 28,
            100 + i,
        ));
    }
    csv
}

/// Every record of a ledger as its JSON Lines export's record lines, keyed by kind.
fn records(env: &Env) -> BTreeSet<(String, String)> {
    let out = env.run(&["export", "--format", "jsonl"]);
    out.ok()
        .lines()
        .skip(1)
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (v["kind"].as_str().unwrap().to_owned(), v["id"].as_str().unwrap().to_owned())
        })
        .collect()
}

fn ids_of(records: &BTreeSet<(String, String)>, kind: &str) -> BTreeSet<String> {
    records.iter().filter(|(k, _)| k == kind).map(|(_, id)| id.clone()).collect()
}

#[test]
fn csv_of_200_sourced_claims_imports_once() {
    let env = Env::new();
    env.write("claims.csv", &sourced_csv(200));
    assert_snapshot!("import_csv_200", env.run(&["import", "claims.csv"]).snapshot(&env));
    assert_eq!(env.record_files().len(), 200 + 100 + 200);
    assert_eq!(env.run(&["list", "claims", "--unsourced"]).ok(), "", "every claim has its live source");
    let listed = env.run(&["list", "sources", "--format", "json"]);
    let first: serde_json::Value = serde_json::from_str(listed.ok().lines().next().unwrap()).unwrap();
    assert_eq!(first["outlet"], "Weather, Daily");
    assert!(!first["url"].as_str().unwrap().contains("utm_source"), "the URL is normalised");
    // Importing again, stamped at another time, adds nothing.
    let again = env.command().env("CLAIMLEDGER_NOW", "2026-04-01T00:00:00Z").args(["import", "claims.csv"]).output();
    let again = Run::from(again.unwrap());
    assert_snapshot!("import_csv_200_again", again.snapshot(&env));
    assert_eq!(env.record_files().len(), 500);
    let dry = env.run(&["import", "--dry-run", "--json", "claims.csv"]);
    let summary: serde_json::Value = serde_json::from_str(dry.ok()).unwrap();
    assert_eq!(summary["existing"]["claims"], 200);
    assert_eq!(summary["added"]["attributions"], 0);
}

#[test]
fn a_bad_row_names_file_and_line_and_nothing_is_written() {
    let env = Env::new();
    let mut csv = sourced_csv(3);
    csv.push_str("A claim with a source but no quote.,https://example.org/x,Example,,,\r\n");
    env.write("good.csv", &sourced_csv(2).replace("Region", "Province"));
    env.write("bad.csv", &csv);
    let run = env.run(&["import", "good.csv", "bad.csv"]);
    assert_snapshot!("import_bad_row", run.snapshot(&env));
    assert!(env.record_files().is_empty(), "the good file was not written either");
    env.write("cols.csv", "Text,URL,Author,Section\nA.,,,\n");
    assert_snapshot!("import_unknown_columns", env.run(&["import", "cols.csv"]).snapshot(&env));
    env.write("notes.txt", "text\nA.\n");
    assert_snapshot!("import_unknown_format", env.run(&["import", "notes.txt"]).snapshot(&env));
    assert!(env.record_files().is_empty());
    // The extension is only a default.
    assert!(env.run(&["import", "--format", "csv", "notes.txt"]).ok().contains("added: 1 claim,"));
}

#[test]
fn claimreview_round_trip_between_two_ledgers_keeps_every_id() {
    let one = Env::new();
    let (seed, _, _) = tricky(&one);
    one.run(&[
        "retract",
        &seed.landlocked,
        "--kind",
        "withdrawal",
        "--reason",
        "a duplicate",
        "--effective",
        "2026-02-03",
    ])
    .ok();
    one.run(&["export", "--format", "claimreview", "-o", "claims.jsonld"]).ok();
    let two = Env::new();
    std::fs::copy(one.path().join("claims.jsonld"), two.path().join("claims.jsonld")).unwrap();
    assert_snapshot!("import_claimreview", two.run(&["import", "claims.jsonld"]).snapshot(&two));
    let (a, b) = (records(&one), records(&two));
    assert_eq!(ids_of(&a, "claim"), ids_of(&b, "claim"));
    assert_eq!(ids_of(&a, "source"), ids_of(&b, "source"));
    assert_eq!(ids_of(&a, "attribution"), ids_of(&b, "attribution"));
    assert_eq!(ids_of(&a, "retraction"), ids_of(&b, "retraction"));
    assert_eq!(two.run(&["verify"]).code, 0);
    // And back again: nothing new either way.
    two.run(&["export", "--format", "claimreview", "-o", "back.jsonld"]).ok();
    std::fs::copy(two.path().join("back.jsonld"), one.path().join("back.jsonld")).unwrap();
    let back = one.run(&["import", "--json", "back.jsonld"]);
    let summary: serde_json::Value = serde_json::from_str(back.ok()).unwrap();
    assert_eq!(summary["added"], serde_json::json!({"claims": 0, "sources": 0, "attributions": 0, "retractions": 0}));
}

#[test]
fn an_altered_claimreview_export_is_refused() {
    let one = Env::new();
    one.seeded();
    one.run(&["export", "--format", "claimreview", "-o", "claims.jsonld"]).ok();
    let text = std::fs::read_to_string(one.path().join("claims.jsonld")).unwrap();
    let two = Env::new();
    two.write("claims.jsonld", &text.replace("since 1992", "since 1993"));
    let run = two.run(&["import", "claims.jsonld"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.starts_with("error: claims.jsonld:"), "{}", run.stderr);
    assert!(run.stderr.contains("hashes to"), "{}", run.stderr);
    assert!(two.record_files().is_empty());
}

#[test]
fn jsonl_export_imports_record_for_record() {
    let one = Env::new();
    tricky(&one);
    one.run(&["export", "--format", "jsonl", "-o", "ledger.jsonl"]).ok();
    let two = Env::new();
    two.run(&["claim", "add", "Astana is the capital of Kazakhstan."]).ok();
    std::fs::copy(one.path().join("ledger.jsonl"), two.path().join("ledger.jsonl")).unwrap();
    assert_snapshot!("import_jsonl", two.run(&["import", "ledger.jsonl"]).snapshot(&two));
    let proof = two.run(&["verify", "--against", "ledger.jsonl"]);
    assert_eq!(proof.code, 0, "{}", proof.stdout);
    assert!(proof.stdout.contains("0 missing, 0 changed; 1 added since"), "{}", proof.stdout);
    // A record line that does not hash to its id is refused, with its line.
    let text = std::fs::read_to_string(one.path().join("ledger.jsonl")).unwrap();
    let three = Env::new();
    three.write("ledger.jsonl", &text.replacen("Kazakhstan", "Kyrgyzstan", 1));
    let run = three.run(&["import", "ledger.jsonl"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.starts_with("error: ledger.jsonl:2: the claim does not hash to its id"), "{}", run.stderr);
    // An attribution whose claim is in neither the ledger nor the import.
    let lines: Vec<&str> = text.lines().filter(|l| !l.contains("\"kind\":\"claim\"")).collect();
    three.write("partial.jsonl", &lines.join("\n"));
    let run = three.run(&["import", "partial.jsonl"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("is neither in the ledger nor in the import"), "{}", run.stderr);
    assert!(three.record_files().is_empty());
}

fn run_with_stdin(env: &Env, args: &[&str], input: &str) -> Run {
    let mut child =
        env.command().args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    // A command that refuses its arguments exits without reading its input: the pipe may be closed by then.
    if let Err(e) = child.stdin.take().unwrap().write_all(input.as_bytes()) {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
    }
    Run::from(child.wait_with_output().unwrap())
}

#[test]
fn claim_add_reads_standard_input_and_sources_are_named_by_url() {
    let env = Env::new();
    let seed = env.seeded();
    let text = "Kazakhstan signed the accords\nin November 2025.\n";
    let url = "https://en.fergana.media/news/144941/?country=kz&utm_medium=social#comments";
    let run = run_with_stdin(&env, &["claim", "add", "-", "--source", url, "--quote", "It signed in November."], text);
    let id = run.ok().to_owned();
    let shown = env.run(&["show", &id, "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&shown.stdout).unwrap();
    assert_eq!(value["record"]["text"], "Kazakhstan signed the accords in November 2025.");
    assert_eq!(value["attributions"][0]["source"]["id"], seed.fergana.as_str());
    let by_url = env.run(&["show", url]);
    assert!(by_url.ok().starts_with(&format!("source {}", seed.fergana)), "{}", by_url.stdout);
    assert_snapshot!("show_unknown_url", env.run(&["show", "https://example.org/never-added"]).snapshot(&env));
    assert_snapshot!("claim_add_empty_stdin", run_with_stdin(&env, &["claim", "add", "-"], " \n").snapshot(&env));
    let csv = "text,url,outlet,quote\nFrom standard input.,https://example.org/stdin,Example,It says so.\n";
    let run = run_with_stdin(&env, &["import", "--format", "csv", "-"], csv);
    assert!(run.ok().contains("added: 1 claim, 1 source, 1 attribution"), "{}", run.stdout);
    let run = run_with_stdin(&env, &["import", "-"], csv);
    assert_eq!(run.stderr, "error: standard input needs --format\n");
}
