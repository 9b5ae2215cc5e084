//! Exports read by outside tools: Python's csv module, a JSON-LD processor (pyld), the auditor's recipes of
//! the README's auditing section run as written, and a real headless browser (chromium). Each test skips with a message on
//! standard error when its tool is absent; CI installs them (python3, `pip install pyld`, `apt-get install
//! chromium`).

use std::path::Path;
use std::process::Command;

use crate::export::{tricky, TRICKY_OUTLET};
use crate::Env;

/// The JCS-equivalent one-liner of the README's auditing section, for records that hold only strings.
const JCS_ONE_LINER: &str = r#"python3 -c 'import json,sys; sys.stdout.write(json.dumps(json.load(open(sys.argv[1])), sort_keys=True, separators=(",",":"), ensure_ascii=False))' FILE | sha256sum"#;

/// The export check of the README's auditing section: every record line's id recomputed from its record object.
const CHECK_EXPORT: &str = r#"python3 - export.jsonl <<'EOF'
import hashlib, json, sys
bad = 0
with open(sys.argv[1], encoding="utf-8") as f:
    header = json.loads(next(f))
    for n, line in enumerate(f, start=2):
        entry = json.loads(line)
        canonical = json.dumps(entry["record"], sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        if hashlib.sha256(canonical.encode("utf-8")).hexdigest() != entry["id"]:
            print("line %d: %s does not hash to its id" % (n, entry["id"]))
            bad += 1
print("checked %d records, %d bad" % (n - 1, bad))
EOF"#;

/// The comparison of two exports of the README's auditing section: records of the old one not byte-identical in the new.
const COMPARE_EXPORTS: &str = r#"comm -23 <(tail -n +2 old.jsonl | sed 's/,"status":"[a-z]*"}$//' | sort) \
         <(tail -n +2 new.jsonl | sed 's/,"status":"[a-z]*"}$//' | sort)"#;

/// The digest recipe of the README's auditing section.
const DIGEST: &str = "tail -n +2 export.jsonl | cut -c8-71 | LC_ALL=C sort | sha256sum";

fn available(program: &str, args: &[&str]) -> bool {
    Command::new(program).args(args).output().is_ok_and(|o| o.status.success())
}

#[allow(clippy::print_stderr)]
fn skip(test: &str, why: &str) {
    eprintln!("skipping {test}: {why}");
}

fn bash(env: &Env, script: &str) -> String {
    let out = Command::new("bash").arg("-c").arg(script).current_dir(env.path()).output().unwrap();
    assert!(out.status.success(), "{script}\n{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn recipes_in_the_auditing_guide_are_the_tested_ones() {
    let guide = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    for recipe in [JCS_ONE_LINER, CHECK_EXPORT, COMPARE_EXPORTS, DIGEST] {
        assert!(guide.contains(recipe), "README.md lacks:\n{recipe}");
    }
}

#[test]
fn python_one_liner_recomputes_every_id() {
    if !available("python3", &["--version"]) {
        return skip("python_one_liner_recomputes_every_id", "python3 is absent");
    }
    let env = Env::new();
    tricky(&env);
    env.run(&["claim", "add", "A bell \u{7} a tab-free escape \u{1b}[0m and a NUL-free \u{1f} unit separator."]).ok();
    let files = env.record_files();
    assert_eq!(files.len(), 15);
    for file in files {
        let command = JCS_ONE_LINER.replace("FILE", &format!("'{}'", file.display()));
        let hash = bash(&env, &command);
        let fan = file.parent().unwrap().file_name().unwrap().to_string_lossy().into_owned();
        let rest = file.file_stem().unwrap().to_string_lossy().into_owned();
        assert_eq!(hash.split_whitespace().next().unwrap(), format!("{fan}{rest}"), "{}", file.display());
    }
    env.run(&["export", "--format", "jsonl", "-o", "export.jsonl"]).ok();
    assert_eq!(bash(&env, CHECK_EXPORT), "checked 15 records, 0 bad\n");
    let header = std::fs::read_to_string(env.path().join("export.jsonl")).unwrap();
    let header: serde_json::Value = serde_json::from_str(header.lines().next().unwrap()).unwrap();
    assert_eq!(bash(&env, DIGEST), format!("{}  -\n", header["digest"].as_str().unwrap()));
}

#[test]
fn comparing_two_exports_with_standard_tools() {
    let env = Env::new();
    let seed = env.seeded();
    env.run(&["export", "--format", "jsonl", "-o", "old.jsonl"]).ok();
    let file = env.ledger().join("claims").join(&seed.landlocked[..2]).join(format!("{}.json", &seed.landlocked[2..]));
    std::fs::remove_file(file).unwrap();
    env.run(&["claim", "add", "Astana is the capital of Kazakhstan."]).ok();
    env.run(&["export", "--format", "jsonl", "-o", "new.jsonl"]).ok();
    let gone = bash(&env, COMPARE_EXPORTS);
    assert_eq!(gone.lines().count(), 1, "{gone}");
    assert!(gone.starts_with(&format!("{{\"id\":\"{}\"", seed.landlocked)), "{gone}");
}

#[test]
fn csv_reads_back_through_python_without_loss() {
    if !available("python3", &["--version"]) {
        return skip("csv_reads_back_through_python_without_loss", "python3 is absent");
    }
    let env = Env::new();
    tricky(&env);
    env.run(&["export", "--format", "csv", "-o", "claims.csv"]).ok();
    env.run(&["export", "--format", "jsonl", "-o", "export.jsonl"]).ok();
    let rows = bash(
        &env,
        "python3 -c 'import csv, json; print(json.dumps(list(csv.reader(open(\"claims.csv\", newline=\"\", encoding=\"utf-8\")))))'",
    );
    let rows: Vec<Vec<String>> = serde_json::from_str(&rows).unwrap();
    assert_eq!(rows.len(), 6);
    assert!(rows.iter().all(|r| r.len() == 9), "{rows:?}");
    // The claim texts as the ledger holds them: the JSON Lines export's records.
    let export = std::fs::read_to_string(env.path().join("export.jsonl")).unwrap();
    let mut checked = 0;
    for line in export.lines().skip(1) {
        let entry: serde_json::Value = serde_json::from_str(line).unwrap();
        if entry["kind"] != "claim" {
            continue;
        }
        let row = rows.iter().find(|r| r[0] == entry["id"].as_str().unwrap()).unwrap();
        assert_eq!(row[1], entry["record"]["text"].as_str().unwrap());
        assert_eq!(row[2], entry["status"].as_str().unwrap());
        checked += 1;
    }
    assert_eq!(checked, 5);
    assert!(rows.iter().any(|r| r[4] == TRICKY_OUTLET), "the outlet with a newline survives: {rows:?}");
}

#[test]
fn claimreview_expands_with_a_json_ld_processor_offline() {
    if !available("python3", &["-c", "import pyld"]) {
        return skip("claimreview_expands_with_a_json_ld_processor_offline", "python3 with pyld is absent");
    }
    let env = Env::new();
    tricky(&env);
    env.run(&["export", "--format", "claimreview", "-o", "claims.jsonld"]).ok();
    let script = r#"python3 - <<'EOF'
import json
from pyld import jsonld
def offline(url, options=None):
    raise RuntimeError("no network: " + url)
jsonld.set_document_loader(offline)
doc = json.load(open("claims.jsonld", encoding="utf-8"))
expanded = jsonld.expand(doc)
nodes = expanded[0]["@graph"] if "@graph" in expanded[0] else expanded
claims = [n for n in nodes if "https://schema.org/Claim" in n.get("@type", [])]
print(len(claims))
print(sum(1 for c in claims if "urn:claimledger:status" in c))
print(sum(len(c.get("https://schema.org/appearance", [])) for c in claims))
first = next(c for c in claims if "https://schema.org/appearance" in c)
print(first["https://schema.org/appearance"][0]["https://schema.org/url"][0]["@id"].startswith("http"))
print(json.dumps(expanded).count("\"urn:claimledger:quote\""))
EOF"#;
    let out = bash(&env, script);
    // 5 claims, each with a status; 3 live appearances (the retracted one is kept apart), urls as IRIs, and
    // the quote of every attribution, withdrawn ones included.
    assert_eq!(out, "5\n5\n3\nTrue\n4\n");
}

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"].into_iter().find(|c| available(c, &["--version"]))
}

fn browse(browser: &str, profile: &Path, url: &str, extra: &[&str]) -> String {
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(url)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn html_in_a_headless_browser_filters_and_runs_no_ledger_script() {
    let Some(browser) = chromium() else {
        return skip("html_in_a_headless_browser_filters_and_runs_no_ledger_script", "chromium is absent");
    };
    let env = Env::new();
    tricky(&env);
    env.run(&["export", "--format", "html", "-o", "page.html"]).ok();
    let profile = tempfile::tempdir().unwrap();
    let page = format!("file://{}", env.path().join("page.html").display());
    let dump = |fragment: &str| browse(browser, profile.path(), &format!("{page}{fragment}"), &["--dump-dom"]);

    let all = dump("");
    assert!(all.contains("<form id=\"filters\" role=\"search\">"), "the page's own script ran and showed the filters");
    assert!(all.contains(">5 of 5 claims shown<"), "{all}");
    assert!(!all.contains("data-pwned") && !all.contains("<title>pwned"), "no script from the ledger ran");
    assert!(!all.contains("<img"), "ledger markup stayed text");
    assert!(all.contains("&lt;img src=x onerror=\"document.body.dataset.pwned=1\"&gt;"));

    let filtered = dump("#status=sourced&outlet=Fergana");
    assert!(filtered.contains(">2 of 5 claims shown<"), "{filtered}");
    assert_eq!(filtered.matches("<li class=\"claim\"").count(), 5);
    assert_eq!(filtered.matches("data-status=\"sourced\" hidden").count(), 1, "the tricky claim's outlet differs");
    assert_eq!(filtered.matches("data-status=\"unsourced\" hidden").count(), 2);
    let searched = dump("#q=%E6%9D%B1%E4%BA%AC");
    assert!(searched.contains(">1 of 5 claims shown<"), "{searched}");

    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("export-html-phone.png");
    let _ = std::fs::remove_file(&shot);
    let arg = format!("--screenshot={}", shot.display());
    browse(browser, profile.path(), &format!("{page}#status=sourced"), &[&arg, "--window-size=390,1400"]);
    assert!(std::fs::metadata(&shot).is_ok_and(|m| m.len() > 10_000), "a screenshot at {}", shot.display());
}

#[test]
fn html_pages_open_in_a_headless_browser_and_link_to_each_other() {
    let Some(browser) = chromium() else {
        return skip("html_pages_open_in_a_headless_browser_and_link_to_each_other", "chromium is absent");
    };
    let env = Env::new();
    tricky(&env);
    env.run(&["export", "--format", "html", "--page-size", "2", "-o", "report/"]).ok();
    let profile = tempfile::tempdir().unwrap();
    let url = |name: &str| format!("file://{}", env.path().join("report").join(name).display());
    let first = browse(browser, profile.path(), &url("index.html"), &["--dump-dom"]);
    assert!(first.contains(">2 of 2 claims shown<"), "{first}");
    assert_eq!(first.matches("data-status=\"unsourced\"").count(), 2, "unsourced claims come first");
    assert!(first.contains("Page 1 of 3."), "{first}");
    let last = browse(browser, profile.path(), &format!("{}#status=sourced", url("page-3.html")), &["--dump-dom"]);
    assert!(last.contains(">1 of 1 claims shown<"), "{last}");
    assert!(!last.contains("data-pwned"), "no script from the ledger ran");
    // The next link of each page opens the following one: follow it in the browser.
    let second = browse(browser, profile.path(), &url("page-2.html"), &["--dump-dom"]);
    assert!(second.contains("Page 2 of 3.") && second.contains(">2 of 2 claims shown<"), "{second}");
}
