//! The record commands: init, source add, claim add, attribute, retract, show, list, and their error paths.

use insta::assert_snapshot;

use crate::Env;

#[test]
fn init_is_idempotent_and_says_where() {
    let env = Env::bare();
    assert_snapshot!(env.run(&["init"]).snapshot(&env), @r"
    exit: 0
    --- stdout
    initialised ledger in ledger
    --- stderr
    ");
    assert_snapshot!(env.run(&["init"]).snapshot(&env), @r"
    exit: 0
    --- stdout
    ledger already initialised in ledger
    --- stderr
    ");
    assert!(env.ledger().join("claims").is_dir());
    assert!(std::fs::read_to_string(env.ledger().join(".gitignore")).unwrap().contains("/.cache/"));
}

#[test]
fn source_identity_is_the_normalised_url() {
    let env = Env::new();
    let url = "https://www.aa.com.tr/en/americas/trump-says-kazakhstan-has-agreed-to-join-abraham-accords/3737253";
    let first = env.run(&["source", "add", &format!("{url}?utm_source=x&fbclid=y"), "--outlet", "Anadolu Agency"]);
    assert_snapshot!("source_add", first.snapshot(&env));
    let upper = url.replace("https://www.aa.com.tr", "HTTPS://WWW.AA.COM.TR:443");
    let again = env.run(&["source", "add", &format!("{upper}#top"), "--outlet", "AA"]);
    assert_eq!(again.ok(), first.ok());
    assert!(again.stderr.contains("source already in the ledger"), "{}", again.stderr);
    assert_eq!(env.record_files().len(), 1);
    let shown = env.run(&["show", &first.ok()[..10], "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&shown.stdout).unwrap();
    assert_eq!(value["record"]["url"], url);
    assert_eq!(value["record"]["outlet"], "Anadolu Agency");
}

#[test]
fn claim_identity_folds_space_and_unicode() {
    let env = Env::new();
    let a = env.run(&["claim", "add", "Kazakhstan joined the Board of Peace in Davos."]);
    assert_snapshot!("claim_add", a.snapshot(&env));
    let b = env.run(&["claim", "add", "  Kazakhstan joined the Board of\tPeace in  Davos. "]);
    assert_eq!(a.ok(), b.ok());
    assert_snapshot!("claim_add_again", b.snapshot(&env));
    let composed = env.run(&["claim", "add", "Caf\u{e9} owners in Almaty reported record sales."]);
    let decomposed = env.run(&["claim", "add", "Cafe\u{301} owners in Almaty reported record sales."]);
    assert_eq!(composed.ok(), decomposed.ok());
    assert_eq!(env.record_files().len(), 2);
}

#[test]
fn tour_of_the_record_commands() {
    let env = Env::new();
    let seed = env.seeded();
    assert_snapshot!("list_claims", env.run(&["list", "claims"]).snapshot(&env));
    assert_snapshot!("list_unsourced", env.run(&["list", "claims", "--unsourced"]).snapshot(&env));
    assert_snapshot!("list_sources", env.run(&["list", "sources"]).snapshot(&env));
    assert_snapshot!("list_claims_outlet", env.run(&["list", "claims", "--outlet", "fergana"]).snapshot(&env));
    assert_snapshot!("show_claim", env.run(&["show", &seed.ties[..6]]).snapshot(&env));
    assert_snapshot!("show_claim_json", env.run(&["show", &seed.ties[..6], "--format", "json"]).snapshot(&env));
    let retract = env.run(&[
        "retract",
        &seed.aa[..8],
        "--kind",
        "retraction",
        "--reason",
        "outlet withdrew the story",
        "--effective",
        "2026-02-01",
        "--notice",
        "https://www.aa.com.tr/en/corrections",
    ]);
    assert_snapshot!("retract_source", retract.snapshot(&env));
    assert_snapshot!("show_source_retracted", env.run(&["show", &seed.aa]).snapshot(&env));
    assert_snapshot!("list_unsourced_after_retraction", env.run(&["list", "claims", "--unsourced"]).snapshot(&env));
    let correction = env.run(&[
        "retract",
        &seed.fergana[..8],
        "--kind",
        "correction",
        "--reason",
        "the outlet corrected the number of signatories",
        "--effective",
        "2026-01-25",
    ]);
    correction.ok();
    assert_snapshot!("show_claim_corrected", env.run(&["show", &seed.board[..8]]).snapshot(&env));
    let withdraw = env.run(&["retract", &seed.landlocked[..8], "--kind", "withdrawal", "--reason", "duplicate"]);
    withdraw.ok();
    assert_snapshot!("list_after_withdrawal", env.run(&["list", "claims", "--format", "json"]).snapshot(&env));
    assert_snapshot!("verify_clean", env.run(&["verify"]).snapshot(&env));
}

#[test]
fn claim_add_with_source_attributes_in_one_step() {
    let env = Env::new();
    let seed = env.seeded();
    let run = env.run(&[
        "claim",
        "add",
        "Kazakhstan joined the Board of Peace without paying the voluntary $1 billion contribution.",
        "--source",
        &seed.fergana[..8],
        "--quote",
        "Kazakhstan signed without the billion-dollar payment.",
        "--paraphrase",
    ]);
    assert_snapshot!("claim_add_with_source", run.snapshot(&env));
    let shown = env.run(&["show", run.ok(), "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&shown.stdout).unwrap();
    assert_eq!(value["status"], "sourced");
    assert_eq!(value["attributions"][0]["quote_kind"], "paraphrase");
}

#[test]
fn ledger_found_by_flag_env_settings_and_parents() {
    let env = Env::bare();
    std::fs::create_dir_all(env.path().join("desk/drafts")).unwrap();
    env.run(&["init", "desk/facts"]).ok();
    let mut cmd = env.command();
    let out = cmd.args(["--ledger", "desk/facts", "claim", "add", "One fact."]).output().unwrap();
    assert!(out.status.success());
    let out = env.command().args(["list", "claims", "--ledger", "desk/facts"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("One fact."));
    let out =
        env.command().env("CLAIMLEDGER_DIR", env.path().join("desk/facts")).args(["list", "claims"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("One fact."));
    env.write("desk/claimledger.toml", "ledger = \"facts\"\n");
    let out = env.command().current_dir(env.path().join("desk/drafts")).args(["list", "claims"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("One fact."), "{out:?}");
    std::fs::remove_file(env.path().join("desk/claimledger.toml")).unwrap();
    std::fs::rename(env.path().join("desk/facts"), env.path().join("desk/ledger")).unwrap();
    let out = env.command().current_dir(env.path().join("desk/drafts")).args(["list", "claims"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("One fact."), "{out:?}");
}

/// Two claims whose ids share their first six hex digits, found by hashing candidate texts.
fn colliding_claims() -> (String, String, String) {
    use claimledger::record::{Claim, Record};
    let mut seen = std::collections::HashMap::new();
    for n in 0.. {
        let text = format!("The council approved budget line {n}.");
        let id = Record::Claim(Claim { text: text.clone() }).id().to_hex();
        if let Some(other) = seen.insert(id[..6].to_owned(), text.clone()) {
            return (other, text, id[..6].to_owned());
        }
    }
    unreachable!()
}

#[test]
fn ambiguous_prefix_lists_candidates() {
    let env = Env::new();
    let (a, b, prefix) = colliding_claims();
    env.run(&["claim", "add", &a]).ok();
    env.run(&["claim", "add", &b]).ok();
    let run = env.run(&["show", &prefix]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.starts_with(&format!("error: id prefix {prefix} is ambiguous: ")), "{}", run.stderr);
    assert_eq!(run.stderr.matches("(claim)").count(), 2, "{}", run.stderr);
}

#[test]
fn bad_input_is_a_one_line_error_and_writes_nothing() {
    let env = Env::new();
    let seed = env.seeded();
    let before = env.record_files();
    let cases: Vec<(&str, Vec<&str>)> = vec![
        ("unknown_id", vec!["show", "abcdef"]),
        ("non_hex_id", vec!["show", "xyz-123"]),
        ("short_prefix", vec!["attribute", "abc", &seed.aa, "--quote", "q"]),
        ("javascript_url", vec!["source", "add", "javascript:alert(1)", "--outlet", "X"]),
        ("file_url", vec!["source", "add", "file:///etc/passwd", "--outlet", "X"]),
        ("data_url", vec!["source", "add", "data:text/html,hi", "--outlet", "X"]),
        ("no_host_url", vec!["source", "add", "https://", "--outlet", "X"]),
        ("not_a_url", vec!["source", "add", "www.example.org/story", "--outlet", "X"]),
        ("bad_archive_url", vec!["source", "add", "https://example.org/a", "--outlet", "X", "--archived", "ftp://x/y"]),
        ("empty_outlet", vec!["source", "add", "https://example.org/a", "--outlet", "  "]),
        ("bad_date", vec!["source", "add", "https://example.org/a", "--outlet", "X", "--published", "2025-13-45"]),
        ("empty_claim", vec!["claim", "add", "   "]),
        ("empty_quote", vec!["attribute", &seed.ties, &seed.aa, "--quote", " "]),
        ("claim_as_source", vec!["attribute", &seed.ties, &seed.board, "--quote", "q"]),
        ("claim_with_unknown_source", vec!["claim", "add", "A new fact.", "--source", "abcdef", "--quote", "q"]),
        ("bad_effective", vec!["retract", &seed.aa, "--reason", "r", "--effective", "yesterday"]),
        ("bad_notice", vec!["retract", &seed.aa, "--reason", "r", "--notice", "javascript:x"]),
        ("empty_reason", vec!["retract", &seed.aa, "--reason", ""]),
    ];
    let mut all = String::new();
    for (name, args) in cases {
        let run = env.run(&args);
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        assert_eq!(run.stdout, "", "{name}");
        assert!(run.stderr.starts_with("error: "), "{name}: {}", run.stderr);
        // clap adds a blank line and a "For more information" pointer after its own one-line message.
        let message_lines =
            run.stderr.lines().filter(|l| !l.is_empty() && !l.starts_with("For more information")).count();
        assert_eq!(message_lines, 1, "{name}: one line: {}", run.stderr);
        all.push_str(&format!("## {name}\n{}", run.stderr.lines().next().unwrap_or("")));
        all.push('\n');
        assert_eq!(env.record_files(), before, "{name} wrote something");
    }
    assert_snapshot!("bad_input_errors", all);
}

#[test]
fn missing_ledger_is_an_error_naming_it() {
    let env = Env::bare();
    assert_snapshot!(env.run(&["list", "claims"]).snapshot(&env), @r"
    exit: 2
    --- stdout
    --- stderr
    error: no ledger found: run `claimledger init`, pass --ledger DIR, or set CLAIMLEDGER_DIR
    ");
    assert_snapshot!(env.run(&["--ledger", "nowhere", "claim", "add", "x"]).snapshot(&env), @r"
    exit: 2
    --- stdout
    --- stderr
    error: no ledger at nowhere: run `claimledger init` or pass --ledger DIR
    ");
    assert!(!env.path().join("nowhere").exists());
}

#[test]
fn malformed_record_file_is_named() {
    let env = Env::new();
    env.seeded();
    let dir = env.ledger().join("claims/ab");
    std::fs::create_dir_all(&dir).unwrap();
    let name = format!("{}.json", "c".repeat(62));
    std::fs::write(dir.join(&name), "{ not json").unwrap();
    // Only `verify` fails on a bad record; other commands name it and go on without it.
    let run = env.run(&["claim", "add", "Another fact."]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.starts_with("warning: skipped "), "{}", run.stderr);
    assert!(run.stderr.contains(&format!("ledger/claims/ab/{name}")), "{}", run.stderr);
    assert!(run.stderr.contains("not strict JSON"), "{}", run.stderr);
    assert_eq!(env.run(&["verify"]).code, 1);
}

#[test]
fn index_follows_files_added_behind_its_back() {
    // As after a `git pull`: records arrive as files, and the next command sees them.
    let env = Env::new();
    let other = Env::new();
    let id = other.run(&["claim", "add", "Tokayev signed the charter in Davos."]).ok().to_owned();
    env.run(&["list", "claims"]).ok();
    let src = other.record_files().remove(0);
    let rel = src.strip_prefix(other.ledger()).unwrap();
    std::fs::create_dir_all(env.ledger().join(rel).parent().unwrap()).unwrap();
    std::fs::copy(&src, env.ledger().join(rel)).unwrap();
    let shown = env.run(&["show", &id[..8]]);
    assert!(shown.ok().contains("Tokayev signed the charter in Davos."));
    // and a deleted index is rebuilt
    std::fs::remove_dir_all(env.ledger().join(".cache")).unwrap();
    assert!(env.run(&["list", "claims"]).ok().contains("Tokayev"));
}

#[test]
fn claim_add_warns_about_restatements_and_conflicts() {
    let env = Env::new();
    let seed = env.seeded();
    let run = env.run(&["claim", "add", "Kazakhstan has had ties with Israel since 1992."]);
    assert_eq!(run.code, 0);
    assert!(
        run.stderr.contains(&format!("warning: the new claim restates ledger claim {}", &seed.ties[..12])),
        "{}",
        run.stderr
    );
    let run = env.run(&["claim", "add", "Kazakhstan is one of twenty founding nations of the Board of Peace."]);
    assert!(
        run.stderr.contains(&format!("contradicts the figures of ledger claim {}", &seed.board[..12])),
        "{}",
        run.stderr
    );
    let run = env.run(&["claim", "add", "Almaty hosted a chess tournament in March."]);
    assert_eq!(run.stderr, "");
}
