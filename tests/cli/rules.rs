//! The rules' documentation: `explain`, `check --help`, SARIF help, docs/rules/*.md and the README table all
//! come from the rules' own declarations; a test fails when a committed copy drifts.
//!
//! After changing a rule's documentation, run `CLAIMLEDGER_BLESS=1 cargo test --test cli rules` to rewrite
//! docs/rules/ and the README table, and review the diff.

use std::path::Path;

use claimledger::check::Rule;
use insta::assert_snapshot;

use crate::Env;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn bless() -> bool {
    std::env::var_os("CLAIMLEDGER_BLESS").is_some_and(|v| v == "1")
}

#[test]
fn docs_pages_are_the_rules_pages() {
    let env = Env::bare();
    let dir = root().join("docs/rules");
    let mut stale = Vec::new();
    for rule in Rule::ALL {
        let run = env.run(&["explain", rule.id()]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(run.stdout, rule.page());
        let path = dir.join(format!("{}.md", rule.id()));
        if std::fs::read_to_string(&path).ok().as_deref() != Some(run.stdout.as_str()) {
            if bless() {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(&path, &run.stdout).unwrap();
            } else {
                stale.push(path.display().to_string());
            }
        }
        assert!(rule.help_uri().ends_with(&format!("/blob/main/docs/rules/{}.md", rule.id())), "{}", rule.help_uri());
    }
    let listed: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    for name in listed {
        assert!(Rule::ALL.iter().any(|r| format!("{}.md", r.id()) == name), "docs/rules/{name} documents no rule");
    }
    assert!(stale.is_empty(), "stale rule pages (run with CLAIMLEDGER_BLESS=1): {stale:?}");
}

#[test]
fn readme_table_is_the_rules_table() {
    let path = root().join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let (open, close) = ("<!-- rules:start -->\n", "<!-- rules:end -->");
    let start = readme.find(open).expect("the README has a rules table") + open.len();
    let end = readme[start..].find(close).expect("the rules table is closed") + start;
    let table = claimledger::check::rules_table();
    if readme[start..end] != table && bless() {
        std::fs::write(&path, format!("{}{table}{}", &readme[..start], &readme[end..])).unwrap();
        return;
    }
    assert_eq!(readme[start..end], table, "the README's rules table differs (run with CLAIMLEDGER_BLESS=1)");
    for rule in Rule::ALL {
        assert!(root().join(format!("docs/rules/{}.md", rule.id())).is_file());
    }
}

#[test]
fn explain_lists_prints_and_refuses() {
    let env = Env::bare();
    assert_snapshot!("explain_list", env.run(&["explain"]).snapshot(&env));
    assert_snapshot!("explain_one", env.run(&["explain", "conflicting-figure"]).snapshot(&env));
    let run = env.run(&["explain", "unsourced"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert_snapshot!(run.stderr, @r#"error: unknown rule "unsourced"; the rules are unsourced-claim, retracted-source, retracted-claim, conflicting-figure, unknown-claim, invalid-directive, misattributed, unregistered-source, corrected-source"#);
    let all = env.run(&["explain", "--all"]);
    assert_eq!(all.code, 0);
    assert_eq!(all.stdout, Rule::ALL.iter().map(|r| r.page()).collect::<Vec<_>>().join("\n"));
    let json = env.run(&["explain", "--format", "json"]);
    let rows: Vec<serde_json::Value> = json.ok().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.len(), Rule::ALL.len());
    assert_eq!(rows[6]["id"], "misattributed");
    assert_eq!(rows[6]["default_severity"], "warning");
    assert!(rows[6]["doc"].as_str().unwrap().starts_with("## What it means\n"));
}

#[test]
fn explain_needs_no_ledger_nor_valid_settings() {
    let env = Env::bare();
    env.write("claimledger.toml", "this is not toml = = =\n");
    let run = env.run(&["explain", "unknown-claim"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("# unknown-claim\n"));
}

#[test]
fn check_help_lists_the_rules_and_exit_codes() {
    let env = Env::bare();
    for flag in ["-h", "--help"] {
        let run = env.run(&["check", flag]);
        assert_eq!(run.code, 0);
        for rule in Rule::ALL {
            assert!(
                run.stdout.contains(&format!("  {} [{}]\n", rule.id(), rule.default_severity())),
                "{flag}: {rule} missing"
            );
        }
        assert!(run.stdout.contains("Exit codes:\n  0  no finding at error severity\n"), "{}", run.stdout);
        assert!(run.stdout.lines().all(|l| l.chars().count() <= 100), "{flag} is wider than 100 columns");
    }
}

#[test]
fn sarif_rules_carry_help_and_a_help_uri() {
    let env = Env::new();
    env.write("d.md", "Almaty's metro carried 41 million passengers in 2024.\n");
    let run = env.run(&["check", "d.md", "--format", "sarif"]);
    assert_eq!(run.code, 1);
    let log: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let rules = log["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), Rule::ALL.len());
    for (r, rule) in rules.iter().zip(Rule::ALL) {
        assert_eq!(r["id"], rule.id());
        assert_eq!(r["helpUri"], rule.help_uri());
        assert_eq!(r["help"]["text"], rule.doc());
        assert_eq!(r["help"]["markdown"], rule.doc());
    }
}
