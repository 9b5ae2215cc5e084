//! check, match and detect: every rule in every format, hostile drafts, inputs and exit codes.

use insta::assert_snapshot;

use crate::{Env, Seed};

/// A ledger with every kind of support: sourced, unsourced, retracted source, corrected source, withdrawn
/// claim. Returns the seed and the ids of the extra claims.
fn ledger_for_every_rule(env: &Env) -> (Seed, String, String) {
    let seed = env.seeded();
    let blockade =
        env.run(&["claim", "add", "A U.S. naval blockade of the Strait of Hormuz is in force."]).ok().to_owned();
    let wire = env
        .run(&[
            "source",
            "add",
            "https://wire.example.org/hormuz-blockade",
            "--outlet",
            "Gulf Wire",
            "--published",
            "2026-01-10",
        ])
        .ok()
        .to_owned();
    env.run(&["attribute", &blockade, &wire, "--quote", "The navy has closed the strait to tankers."]).ok();
    env.run(&["retract", &wire, "--reason", "the outlet retracted the report", "--effective", "2026-01-12"]).ok();
    env.run(&[
        "retract",
        &seed.fergana,
        "--kind",
        "correction",
        "--reason",
        "the date of the ceremony was corrected",
        "--effective",
        "2026-01-24",
    ])
    .ok();
    let indonesia =
        env.run(&["claim", "add", "Indonesia is the world's largest Muslim-majority country."]).ok().to_owned();
    env.run(&["retract", &indonesia, "--kind", "withdrawal", "--reason", "recorded in error"]).ok();
    (seed, blockade, indonesia)
}

const EVERY_RULE: &str = "\
# Every rule

As NPR reported, Kazakhstan has had diplomatic ties with Israel since 1992.

Kazakhstan is one of twenty founding nations of the Board of Peace.

Kazakhstan is the largest landlocked country in the world.

A U.S. naval blockade of the Strait of Hormuz is in force, [the wire said](https://wire.example.org/hormuz-blockade).

Indonesia is the world's largest Muslim-majority country.

Kazakhstan is one of nineteen founding nations of the Board of Peace.

Almaty's metro carried 41 million passengers in 2024.<!-- claim: 0badc0de -->

The budget grew by 12 percent last year, [the ministry said](https://example.org/budget).

This is a win worth celebrating. Should others follow?

<!-- claimledger-ignore: a quotation from the speech, checked against the transcript -->
The president said the treaty had 300 signatories.

<!-- claimledger-ignore -->
Tokayev met 40 ministers.
";

fn every_rule_env() -> Env {
    let env = Env::new();
    ledger_for_every_rule(&env);
    env.write("draft.md", EVERY_RULE);
    env
}

#[test]
fn every_rule_human() {
    let env = every_rule_env();
    let run = env.run(&["check", "draft.md"]);
    assert_eq!(run.code, 1);
    for rule in [
        "unsourced-claim",
        "retracted-source",
        "retracted-claim",
        "conflicting-figure",
        "unknown-claim",
        "invalid-directive",
        "misattributed",
        "unregistered-source",
        "corrected-source",
    ] {
        assert!(run.stdout.contains(&format!("[{rule}]")), "{rule} missing:\n{}", run.stdout);
    }
    assert!(!run.stdout.contains("win worth celebrating"), "opinion flagged:\n{}", run.stdout);
    assert!(!run.stdout.contains("300 signatories"), "exempted sentence flagged");
    assert_snapshot!("every_rule_human", run.snapshot(&env));
}

#[test]
fn every_rule_json() {
    let env = every_rule_env();
    let run = env.run(&["check", "draft.md", "--format", "json"]);
    assert_eq!(run.code, 1);
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../../schemas/check-output.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let mut exemptions = 0;
    for line in run.stdout.lines() {
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        let errors: Vec<String> = validator.iter_errors(&value).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{line}: {errors:?}");
        exemptions += usize::from(value["type"] == "exemption");
    }
    assert_eq!(exemptions, 1);
    assert_snapshot!("every_rule_json", run.snapshot(&env));
}

#[test]
fn every_rule_sarif_validates() {
    let env = every_rule_env();
    let run = env.run(&["check", "draft.md", "--format", "sarif"]);
    assert_eq!(run.code, 1);
    let log: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let schema_path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/sarif/sarif-schema-2.1.0.json");
    match std::fs::read_to_string(&schema_path) {
        Ok(text) => {
            let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
            let validator = jsonschema::validator_for(&schema).unwrap();
            let errors: Vec<String> =
                validator.iter_errors(&log).map(|e| format!("{e} at {}", e.instance_path())).collect();
            assert!(errors.is_empty(), "{errors:#?}");
        }
        Err(_) => eprintln!("skipping SARIF schema validation: {} is absent", schema_path.display()),
    }
    assert_eq!(log["runs"][0]["columnKind"], "unicodeCodePoints");
    assert_eq!(log["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap().len(), 9);
    assert_snapshot!("every_rule_sarif", run.snapshot(&env));
}

#[test]
fn every_rule_github() {
    let env = every_rule_env();
    let run = env.run(&["check", "draft.md", "--format", "github"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.lines().all(|l| l.starts_with("::error file=draft.md,line=")
        || l.starts_with("::warning file=draft.md,line=")
        || l.starts_with("::notice file=draft.md,line=")));
    assert!(
        run.stdout.lines().last().unwrap().starts_with("::notice file=draft.md,line="),
        "exemptions are notices, after the findings"
    );
    assert_snapshot!("every_rule_github", run.snapshot(&env));
}

#[test]
fn severities_from_settings_and_min_severity() {
    let env = every_rule_env();
    env.write("claimledger.toml", "[rules]\nunsourced-claim = \"warning\"\nunregistered-source = \"off\"\nconflicting-figure = \"warning\"\nretracted-source = \"warning\"\nretracted-claim = \"warning\"\nunknown-claim = \"warning\"\ninvalid-directive = \"warning\"\n");
    let run = env.run(&["check", "draft.md", "--format", "json"]);
    assert_eq!(run.code, 0, "no error-level finding left: {}", run.stdout);
    assert!(!run.stdout.contains("unregistered-source"));
    let run = env.run(&["check", "draft.md", "--format", "json", "--min-severity", "error"]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "only the exemption and the summary remain: {}", run.stdout);
    assert!(lines[0].starts_with("{\"type\":\"exemption\""), "{}", run.stdout);
    assert!(lines[1].starts_with("{\"type\":\"summary\",\"files\":1,\"errors\":0,\"warnings\":0,"), "{}", run.stdout);
    env.write("claimledger.toml", "[rules]\nunsourced = \"loud\"\n");
    let run = env.run(&["check", "draft.md"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("claimledger.toml"), "{}", run.stderr);
}

#[test]
fn clean_draft_exits_zero() {
    let env = Env::new();
    env.seeded();
    env.write("ok.md", "# Notes\n\nKazakhstan has maintained diplomatic relations with Israel since 1992.\n\nWhat a week it has been!\n");
    let run = env.run(&["check", "ok.md"]);
    assert_snapshot!(run.snapshot(&env), @r"
    exit: 0
    --- stdout
    1 draft(s) checked: 0 error(s), 0 warning(s), 0 exemption(s)
    --- stderr
    ");
}

#[test]
fn directories_stdin_and_unreadable_files() {
    let env = Env::new();
    env.seeded();
    std::fs::create_dir_all(env.path().join("drafts/sub")).unwrap();
    env.write("drafts/a.md", "Kazakhstan is the largest landlocked country in the world.\n");
    env.write("drafts/sub/b.markdown", "Kazakhstan is the largest landlocked country in the world.\n");
    env.write("drafts/notes.txt", "Kazakhstan is the largest landlocked country in the world.\n");
    std::fs::write(env.path().join("drafts/bad.md"), b"Caf\xe9 owners said \xff\xfe it rose.\n").unwrap();
    let run = env.run(&["check", "drafts", "missing.md", "--format", "github"]);
    assert_eq!(run.code, 2, "an unreadable draft is an error: {}", run.stderr);
    assert!(run.stdout.contains("file=drafts/a.md"));
    assert!(run.stdout.contains("file=drafts/sub/b.markdown"));
    assert!(!run.stdout.contains("notes.txt"));
    assert_snapshot!("unreadable_drafts_stderr", run.stderr);
    let mut cmd = env.command();
    cmd.args(["check", "-", "--format", "json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"Kazakhstan is the largest landlocked country in the world.\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"file\":\"<stdin>\""));
}

#[test]
fn hostile_drafts_do_not_panic() {
    let env = Env::new();
    env.seeded();
    env.write("empty.md", "");
    std::fs::write(env.path().join("binary.md"), [0x7f, b'E', b'L', b'F', 0, 1, 2, 3, 0xff]).unwrap();
    let mut big = String::new();
    while big.len() < 10_000_000 {
        big.push_str("Kazakhstan is the largest landlocked country in the world. This is a win worth celebrating.\n\n");
    }
    env.write("big.md", &big);
    env.write(
        "nested.md",
        &format!("{}Kazakhstan has had diplomatic relations with Israel since 1992.\n", "> ".repeat(10_000)),
    );
    let list = format!("{}a deeply nested point\n", "- ".repeat(10_000));
    env.write("list.md", &list);
    env.write("long.md", &"x".repeat(1_000_000));
    for (file, code) in
        [("empty.md", 0), ("binary.md", 2), ("nested.md", 0), ("list.md", 0), ("long.md", 0), ("big.md", 1)]
    {
        let run = env.run(&["check", file, "--format", "json"]);
        assert_eq!(run.code, code, "{file}: {}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{file}: {}", run.stderr);
    }
    let run = env.run(&["check", "binary.md"]);
    assert_eq!(
        run.stderr.lines().next().unwrap(),
        "error: binary.md is a binary file (NUL byte at offset 4), not a Markdown draft"
    );
}

#[test]
fn match_lists_candidates() {
    let env = Env::new();
    env.seeded();
    let run = env.run(&[
        "match",
        "--text",
        "Kazakhstan has maintained diplomatic ties with Israel since 1992.",
        "--top",
        "2",
    ]);
    assert_snapshot!("match_text", run.snapshot(&env));
    let run = env.run(&[
        "match",
        "--text",
        "Kazakhstan is one of twenty founding nations of the Board of Peace.",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    assert_eq!(v["candidates"][0]["decision"], "conflict");
    assert_eq!(v["candidates"][0]["ledger"][0], "nineteen");
}

#[test]
fn detect_scores_sentences() {
    let env = Env::new();
    env.write(
        "d.md",
        "# Draft\n\nKazakhstan is a country of about twenty million people.\n\nThis is a win worth celebrating.\n",
    );
    let run = env.run(&["detect", "d.md", "--format", "json"]);
    let lines: Vec<serde_json::Value> = run.ok().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[1]["factual"]["claim"], true);
    assert_eq!(lines[2]["factual"]["claim"], false);
    assert_eq!(lines[1]["line"], 3);
    assert!(lines[1]["features"].as_array().is_some_and(|f| !f.is_empty()));
    assert_snapshot!("detect_human", env.run(&["detect", "d.md"]).snapshot(&env));
}

#[test]
fn example_column_gives_its_findings() {
    // Line 47 ("A longer analysis is on [our regional desk's page](...)") is a pointer, not a fact: it gives
    // no unsourced-claim, only the unregistered link. Line 25 ("In January, President … Tokayev travelled to
    // Davos at Trump's invitation.") comes under the heading "Davos and the Board of Peace", which names what
    // the ledger's claim about the trip names ("… for the Board of Peace signing at Donald Trump's invitation"):
    // that claim states the trip, and only "In January", which it does not give, is reported.
    let env = Env::bare();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_ledger(&root.join("ledger"), &env.ledger());
    std::fs::copy(root.join("examples/kazakhstan-column.md"), env.path().join("column.md")).unwrap();
    let run = env.run(&["check", "column.md", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let found: Vec<String> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["type"] == "finding")
        .map(|v| {
            format!(
                "{}:{}-{}:{} {}",
                v["line"],
                v["column"],
                v["end_line"],
                v["end_column"],
                v["rule"].as_str().unwrap()
            )
        })
        .collect();
    assert_snapshot!(found.join("\n"), @r"
    10:29-11:72 misattributed
    13:1-13:91 unsourced-claim
    18:1-18:65 misattributed
    19:11-19:90 unsourced-claim
    21:1-21:108 unsourced-claim
    25:1-25:11 unsourced-claim
    28:1-28:86 conflicting-figure
    35:1-35:108 unsourced-claim
    36:1-36:80 unsourced-claim
    36:81-37:80 unsourced-claim
    37:80-37:104 unknown-claim
    39:45-40:58 unsourced-claim
    40:59-40:86 invalid-directive
    47:25-47:90 unregistered-source
    ");
}

/// Copies a ledger's record files (not its index cache).
fn copy_ledger(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        if e.file_name() == ".cache" {
            continue;
        }
        if e.file_type().unwrap().is_dir() {
            copy_ledger(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}
