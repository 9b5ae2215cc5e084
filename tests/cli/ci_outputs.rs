//! What CI reads from `check`: per-rule exemptions, suppressed results in SARIF, notices, the JSON summary line,
//! and --max-warnings.

use insta::assert_snapshot;

use crate::Env;

/// A draft with an unregistered link (a warning) in a sourced sentence, an unsourced sentence exempted from
/// that rule only, one exempted from another rule (so still reported), and a passage turned off without a reason.
const DRAFT: &str = "\
# Exemptions

Kazakhstan has had diplomatic relations with Israel since 1992, [as reported](https://elsewhere.example.org/story).

<!-- claimledger-ignore unsourced-claim: the minister's words, quoted from the transcript -->
Kazakhstan has 20 million people.

<!-- claimledger-ignore misattributed: not an attribution -->
Kazakhstan exported 70 million tonnes of oil in 2024.

<!-- claimledger-ignore unsorced-claim: a typo in the rule -->
Astana was renamed in 2019.

<!-- claimledger off -->
The capital moved in 1997.
<!-- claimledger on -->
";

fn env() -> Env {
    let env = Env::new();
    env.seeded();
    env.write("draft.md", DRAFT);
    env
}

#[test]
fn per_rule_exemptions_and_off_needs_a_reason() {
    let env = env();
    assert_snapshot!("ci_human", env.run(&["check", "draft.md"]).snapshot(&env));
    let json = env.run(&["check", "draft.md", "--format", "json"]);
    let lines: Vec<serde_json::Value> = json.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let rules: Vec<(&str, u64)> = lines
        .iter()
        .filter(|l| l["type"] == "finding")
        .map(|l| (l["rule"].as_str().unwrap(), l["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        rules,
        [
            ("unregistered-source", 3),
            ("unsourced-claim", 9),
            ("invalid-directive", 11),
            ("unsourced-claim", 12),
            ("invalid-directive", 14)
        ],
        "line 6 is exempted from unsourced-claim; line 9 only from misattributed"
    );
    let exemption = lines.iter().find(|l| l["type"] == "exemption").unwrap();
    assert_eq!(exemption["rules"], serde_json::json!(["unsourced-claim"]));
    let summary = lines.last().unwrap();
    assert_eq!(
        summary,
        &serde_json::json!({"type": "summary", "files": 1, "errors": 4, "warnings": 1, "notes": 0,
            "exemptions": 4, "suppressed": 1})
    );
}

#[test]
fn sarif_lists_what_exemptions_hide_as_suppressed_results() {
    let env = env();
    let run = env.run(&["check", "draft.md", "--format", "sarif"]);
    let log: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let suppressed: Vec<&serde_json::Value> = results.iter().filter(|r| r.get("suppressions").is_some()).collect();
    assert_eq!(suppressed.len(), 1);
    assert_eq!(suppressed[0]["ruleId"], "unsourced-claim");
    assert_eq!(
        suppressed[0]["suppressions"],
        serde_json::json!([{"kind": "inSource", "status": "accepted",
            "justification": "the minister's words, quoted from the transcript"}])
    );
    assert!(log["runs"][0]["invocations"][0].get("toolExecutionNotifications").is_none());
    // Fingerprints: one per result, "hash:occurrence", unchanged when lines move.
    let prints = |log: &serde_json::Value| -> Vec<String> {
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["partialFingerprints"]["primaryLocationLineHash"].as_str().unwrap().to_owned())
            .collect()
    };
    let before = prints(&log);
    assert!(before.iter().all(|p| p.len() == 18 && p.ends_with(":1")), "{before:?}");
    env.write("draft.md", &format!("Intro.\n\nMore intro.\n\n{DRAFT}"));
    let moved: serde_json::Value =
        serde_json::from_str(&env.run(&["check", "draft.md", "--format", "sarif"]).stdout).unwrap();
    let after = prints(&moved);
    assert!(before.iter().all(|p| after.contains(p)), "{before:?} vs {after:?}");
    let schema_path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/sarif/sarif-schema-2.1.0.json");
    match std::fs::read_to_string(&schema_path) {
        Ok(text) => {
            let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
            let validator = jsonschema::validator_for(&schema).unwrap();
            let errors: Vec<String> =
                validator.iter_errors(&log).map(|e| format!("{e} at {}", e.instance_path())).collect();
            assert!(errors.is_empty(), "{errors:?}");
        }
        #[allow(clippy::print_stderr)]
        Err(_) => eprintln!("skipping SARIF schema validation: {} is absent", schema_path.display()),
    }
}

#[test]
fn github_notices_and_max_warnings() {
    let env = Env::new();
    env.seeded();
    env.write(
        "draft.md",
        "Kazakhstan has had diplomatic relations with Israel since 1992, [as reported](https://elsewhere.example.org/story).\n\n\
         <!-- claimledger-ignore: a quotation, checked against the tape -->\nKazakhstan has 20 million people.\n",
    );
    assert_snapshot!("ci_github", env.run(&["check", "draft.md", "--format", "github"]).snapshot(&env));
    assert_eq!(env.run(&["check", "draft.md"]).code, 0, "a warning alone passes");
    assert_eq!(env.run(&["check", "draft.md", "--max-warnings", "1"]).code, 0);
    assert_snapshot!("ci_max_warnings", env.run(&["check", "draft.md", "--max-warnings", "0"]).snapshot(&env));
}
