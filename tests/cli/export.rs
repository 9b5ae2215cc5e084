//! `export` in its four formats and `verify --against`: determinism, exact record bytes, escaping, the
//! append-only proof and its error paths. Checks with outside tools (python3, pyld, chromium) are in
//! `export_tools.rs`.

use std::path::PathBuf;

use claimledger::id::Id;
use insta::assert_snapshot;

use crate::{Env, Seed};

/// Strings that break naive writers: markup, quotes, separators, control and non-ASCII characters.
pub const HOSTILE_CLAIM: &str = "<img src=x onerror=\"document.body.dataset.pwned=1\">";
pub const TRICKY_CLAIM: &str = "Prices rose by \"3,5 %\"; ÉTÉ \\ 東京 😀 \u{7f} </script> — cf. 'A, B'.";
pub const TRICKY_OUTLET: &str = "Daily \"Post\", Inc.\nEvening <edition>";

/// The reference case in small, a hostile claim, a tricky claim with an oddly named outlet, a retracted
/// source and a corrected one.
pub fn tricky(env: &Env) -> (Seed, String, String) {
    let seed = env.seeded();
    let hostile = env.run(&["claim", "add", HOSTILE_CLAIM]).ok().to_owned();
    let tricky = env.run(&["claim", "add", TRICKY_CLAIM]).ok().to_owned();
    let odd = env
        .run(&["source", "add", "https://example.org/report?id=7&lang=kk", "--outlet", TRICKY_OUTLET])
        .ok()
        .to_owned();
    env.run(&["attribute", &tricky, &odd, "--quote", "\"3,5 %\" — said <b>them</b>"]).ok();
    env.run(&["attribute", &hostile, &seed.fergana, "--quote", "<script>document.title='pwned'</script>"]).ok();
    env.run(&["retract", &seed.aa, "--reason", "the agency pulled the story", "--effective", "2026-02-01"]).ok();
    env.run(&["retract", &seed.fergana, "--kind", "correction", "--reason", "date fixed", "--effective", "2026-02-02"])
        .ok();
    (seed, hostile, tricky)
}

fn export(env: &Env, format: &str) -> String {
    env.run(&["export", "--format", format]).ok().to_owned() + "\n"
}

#[test]
fn jsonl_is_deterministic_and_carries_exact_record_bytes() {
    let env = Env::new();
    tricky(&env);
    let first = export(&env, "jsonl");
    assert_eq!(first, export(&env, "jsonl"), "the same ledger gives the same bytes");
    let mut lines = first.lines();
    let header: serde_json::Value = serde_json::from_str(lines.next().unwrap()).unwrap();
    let verify = env.run(&["verify"]);
    assert!(verify.ok().contains(&format!("digest {}", header["digest"].as_str().unwrap())), "{}", verify.stdout);
    assert_eq!(header["exported_at"], crate::NOW);
    let mut seen = Vec::new();
    for line in lines {
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        // Each line is canonical JSON, so the record's bytes are a slice of the line.
        assert_eq!(line.as_bytes(), claimledger::canonical::to_canonical(&value).as_slice());
        let record = claimledger::canonical::to_canonical(&value["record"]);
        let id: Id = value["id"].as_str().unwrap().parse().unwrap();
        assert_eq!(Id::of_bytes(&record), id, "{line}");
        let kind = value["kind"].as_str().unwrap();
        let path = env.ledger().join(format!("{kind}s/{}/{}.json", &id.to_hex()[..2], &id.to_hex()[2..]));
        assert!(path.is_file(), "{}", path.display());
        seen.push((kind.to_owned(), id, value["status"].as_str().unwrap().to_owned()));
    }
    assert_eq!(seen.len(), env.record_files().len());
    assert_eq!(header["records"], seen.len());
    let order: Vec<_> = seen
        .iter()
        .map(|(k, id, _)| (["claim", "source", "attribution", "retraction"].iter().position(|x| x == k), *id))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "kinds in order, ids ascending within a kind");
    let statuses: Vec<_> = seen.iter().map(|(k, _, s)| format!("{k} {s}")).collect();
    assert_snapshot!(statuses.join("\n"), @r"
    claim sourced
    claim unsourced
    claim sourced
    claim unsourced
    claim sourced
    source live
    source retracted
    source live
    attribution live
    attribution retracted
    attribution live
    attribution live
    retraction recorded
    retraction recorded
    ");
}

#[test]
fn jsonl_of_the_reference_case() {
    let env = Env::new();
    env.seeded();
    assert_snapshot!("export_jsonl", env.run(&["export", "--format", "jsonl"]).snapshot(&env));
}

#[test]
fn csv_quotes_what_needs_quoting() {
    let env = Env::new();
    tricky(&env);
    let run = env.run(&["export", "--format", "csv"]);
    assert!(run.stdout.contains("\r\n") && !run.stdout.replace("\r\n", "").contains("\r"));
    assert_snapshot!("export_csv", run.snapshot(&env));
}

#[test]
fn claimreview_is_json_ld_with_no_invented_rating() {
    let env = Env::new();
    let (seed, _, _) = tricky(&env);
    let text = export(&env, "claimreview");
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(!text.contains("reviewRating") && !text.contains("ClaimReview\""), "the ledger records no verdicts");
    let graph = doc["@graph"].as_array().unwrap();
    assert_eq!(graph[0]["@type"], "Dataset");
    let claims: Vec<_> = graph.iter().filter(|n| n["@type"] == "Claim").collect();
    assert_eq!(claims.len(), 5);
    let board = claims.iter().find(|c| c["claimledger:id"] == seed.board.as_str()).unwrap();
    let appearance = &board["appearance"][0];
    assert_eq!(appearance["url"], "https://en.fergana.media/news/144941/?country=kz");
    assert_eq!(appearance["publisher"]["name"], "Fergana");
    assert_eq!(appearance["claimledger:retractions"][0]["claimledger:kind"], "correction");
    let ties = claims.iter().find(|c| c["claimledger:id"] == seed.ties.as_str()).unwrap();
    assert_eq!(ties["claimledger:status"], "unsourced");
    assert!(ties.get("appearance").is_none(), "retracted support is not an appearance");
    assert_eq!(ties["claimledger:withdrawnAppearance"][0]["datePublished"], "2025-11-06");
}

#[test]
fn html_escapes_every_ledger_string() {
    let env = Env::new();
    tricky(&env);
    let page = export(&env, "html");
    assert!(!page.contains("<img"), "markup from the ledger is text");
    assert!(page.contains("&lt;img src=x onerror=&quot;document.body.dataset.pwned=1&quot;&gt;"));
    assert!(page.contains("&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;"));
    assert!(page.contains("data-outlet=\"Daily &quot;Post&quot;, Inc.\nEvening &lt;edition&gt;\""));
    assert_eq!(page.matches("<script").count(), 1, "only the page's own script");
    assert!(page.contains("Content-Security-Policy\" content=\"default-src 'none'; style-src 'sha256-"));
    for attr in [" src=\"", "<link", "<iframe", "@import", "url("] {
        assert!(!page.contains(attr), "nothing is loaded: found {attr:?}");
    }
}

#[test]
fn export_to_a_file_is_atomic() {
    let env = Env::new();
    env.seeded();
    let run = env.run(&["export", "--format", "jsonl", "-o", "out.jsonl"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.is_empty());
    assert!(run.stderr.starts_with("exported 7 records to out.jsonl (digest "), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(env.path().join("out.jsonl")).unwrap(), export(&env, "jsonl"));
    let run = env.run(&["export", "--format", "csv", "-o", "no/such/dir/out.csv"]);
    assert_snapshot!(run.snapshot(&env), @r"
    exit: 2
    --- stdout
    --- stderr
    error: cannot write no/such/dir/out.csv: No such file or directory (os error 2)
    ");
}

fn record_path(env: &Env, kind: &str, id: &str) -> PathBuf {
    env.ledger().join(kind).join(&id[..2]).join(format!("{}.json", &id[2..]))
}

fn tamper(path: &std::path::Path, from: &str, to: &str) {
    let mut perms = std::fs::metadata(path).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(path, perms).unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from));
    std::fs::write(path, text.replace(from, to)).unwrap();
}

#[test]
fn export_refuses_a_tampered_record() {
    let env = Env::new();
    let seed = env.seeded();
    tamper(&record_path(&env, "claims", &seed.ties), "1992", "1993");
    let run = env.run(&["export", "--format", "jsonl", "-o", "out.jsonl"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(&format!(
            "ledger/claims/{}/{}.json does not match its name",
            &seed.ties[..2],
            &seed.ties[2..]
        )),
        "{}",
        run.stderr
    );
    assert!(!env.path().join("out.jsonl").exists(), "nothing written");
}

#[test]
fn verify_against_reports_added_missing_and_changed() {
    let env = Env::new();
    let seed = env.seeded();
    env.run(&["export", "--format", "jsonl", "-o", "old.jsonl"]).ok();
    assert_snapshot!("against_unchanged", env.run(&["verify", "--against", "old.jsonl"]).snapshot(&env));
    env.run(&["claim", "add", "Almaty is the largest city of Kazakhstan."]).ok();
    env.run(&["retract", &seed.fergana, "--reason", "pulled"]).ok();
    assert_snapshot!("against_added", env.run(&["verify", "--against", "old.jsonl"]).snapshot(&env));
    tamper(&record_path(&env, "claims", &seed.ties), "1992", "1993");
    std::fs::remove_file(record_path(&env, "claims", &seed.landlocked)).unwrap();
    let run = env.run(&["verify", "--against", "old.jsonl"]);
    assert_eq!(run.code, 1);
    assert_snapshot!("against_missing_changed", run.snapshot(&env));
    let json = env.run(&["verify", "--against", "old.jsonl", "--format", "json"]);
    assert_eq!(json.code, 1);
    let last: serde_json::Value = serde_json::from_str(json.stdout.lines().last().unwrap()).unwrap();
    assert_eq!(last["summary"]["missing"], 1);
    assert_eq!(last["summary"]["changed"], 1);
    assert_eq!(last["summary"]["append_only"], false);
}

#[test]
fn malformed_export_is_an_error_naming_the_file() {
    let env = Env::new();
    env.seeded();
    let good = export(&env, "jsonl");
    let cases = [
        ("empty.jsonl", String::new()),
        ("csv.jsonl", export(&env, "csv")),
        ("cut.jsonl", good[..good.len() - 20].to_owned()),
        ("forged.jsonl", good.replacen("Kazakhstan", "Kyrgyzstan", 1)),
        ("twice.jsonl", format!("{good}{}\n", good.lines().nth(1).unwrap())),
    ];
    let mut out = String::new();
    for (name, text) in cases {
        env.write(name, &text);
        let run = env.run(&["verify", "--against", name]);
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{name}");
        out.push_str(&run.stderr);
    }
    let run = env.run(&["verify", "--against", "absent.jsonl"]);
    assert_eq!(run.code, 2);
    out.push_str(&run.stderr);
    assert_snapshot!(out);
}

#[test]
fn html_puts_unsourced_and_retracted_claims_first() {
    let env = Env::new();
    let (seed, hostile, tricky) = tricky(&env);
    let page = export(&env, "html");
    let statuses: Vec<&str> = page
        .split("<li class=\"claim\" id=\"claim-")
        .skip(1)
        .map(|c| c.split("data-status=\"").nth(1).unwrap().split('"').next().unwrap())
        .collect();
    assert_eq!(statuses, ["unsourced", "unsourced", "sourced", "sourced", "sourced"], "{statuses:?}");
    let at = |id: &str| page.find(&format!("id=\"claim-{id}\"")).unwrap();
    assert!(at(&seed.landlocked) < at(&seed.board), "unsourced before sourced");
    assert!(at(&seed.ties) < at(&seed.board), "the claim whose only source was retracted is unsourced");
    assert!(at(&hostile) > at(&seed.ties) && at(&tricky) > at(&seed.ties));
}

#[test]
fn html_of_a_large_ledger_is_pages_in_a_folder() {
    let env = Env::new();
    tricky(&env);
    let one = env.run(&["export", "--format", "html", "--page-size", "2", "-o", "page.html"]);
    assert_snapshot!("html_too_large_for_a_page", one.snapshot(&env));
    assert!(!env.path().join("page.html").exists());
    let run = env.run(&["export", "--format", "html", "--page-size", "2", "-o", "report/"]);
    assert_eq!(run.stderr, "exported 5 claims to report/index.html (3 pages)\n");
    let names = |dir: &str| {
        let mut names: Vec<String> = std::fs::read_dir(env.path().join(dir))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    assert_eq!(names("report"), ["index.html", "page-2.html", "page-3.html"]);
    let page = |name: &str| std::fs::read_to_string(env.path().join("report").join(name)).unwrap();
    let (first, last) = (page("index.html"), page("page-3.html"));
    assert_eq!(first.matches("<li class=\"claim\"").count(), 2);
    assert_eq!(last.matches("<li class=\"claim\"").count(), 1);
    assert_eq!(first.matches("data-status=\"unsourced\"").count(), 2, "the first page holds the unsourced claims");
    assert!(first.contains("<a href=\"page-2.html\" rel=\"next\">next</a>"));
    assert!(last.contains("<a href=\"page-2.html\" rel=\"prev\">previous</a>"));
    assert!(first.contains("<title>Claim ledger export, 2026-03-01T12:00:00Z, page 1 of 3</title>"));
    for name in names("report") {
        let text = page(&name);
        assert_eq!(text.matches("<script").count(), 1, "{name}: only the page's own script");
        for attr in [" src=\"", "<link", "<iframe", "@import", "url("] {
            assert!(!text.contains(attr), "{name}: nothing is loaded: found {attr:?}");
        }
        // Every link is a ledger URL or another page of the report.
        for href in text.split("href=\"").skip(1).map(|h| h.split('"').next().unwrap()) {
            assert!(href.starts_with("https://") || names("report").iter().any(|n| n == href), "{name}: {href}");
        }
    }
    // Again into the same folder: replaced whole; a folder with other files is refused.
    env.run(&["export", "--format", "html", "--page-size", "4", "-o", "report"]).ok();
    assert_eq!(names("report"), ["index.html", "page-2.html"]);
    env.write("report/notes.txt", "mine");
    let refused = env.run(&["export", "--format", "html", "--page-size", "4", "-o", "report"]);
    assert_snapshot!("html_folder_with_other_files", refused.snapshot(&env));
    assert_eq!(names("report"), ["index.html", "notes.txt", "page-2.html"]);
}
