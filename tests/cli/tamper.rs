//! verify against tampering, concurrent writers, and the committed schemas against real records.

use std::path::Path;

use crate::Env;

fn make_writable(path: &Path) {
    let mut perms = std::fs::metadata(path).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(path, perms).unwrap();
}

fn file_of(env: &Env, kind: &str, id: &str) -> std::path::PathBuf {
    env.ledger().join(kind).join(&id[..2]).join(format!("{}.json", &id[2..]))
}

#[test]
fn one_changed_byte_is_named() {
    let env = Env::new();
    let seed = env.seeded();
    let path = file_of(&env, "claims", &seed.ties);
    make_writable(&path);
    let text = std::fs::read_to_string(&path).unwrap().replace("1992", "1993");
    std::fs::write(&path, text).unwrap();
    let run = env.run(&["verify"]);
    assert_eq!(run.code, 1);
    let rel = format!("ledger/claims/{}/{}.json", &seed.ties[..2], &seed.ties[2..]);
    assert!(run.stdout.contains(&rel), "{}", run.stdout);
    assert!(run.stdout.contains(&format!("but the file is named for {}", seed.ties)), "{}", run.stdout);
    assert!(!run.stdout.contains("digest"), "no digest for a broken ledger");
    insta::assert_snapshot!("verify_changed_byte", run.snapshot(&env));
}

#[test]
fn deleted_referenced_record_is_named_by_its_referrers() {
    let env = Env::new();
    let seed = env.seeded();
    std::fs::remove_file(file_of(&env, "sources", &seed.aa)).unwrap();
    let run = env.run(&["verify", "--format", "json"]);
    assert_eq!(run.code, 1);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let problems = value["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0]["path"].as_str().unwrap().contains("ledger/attributions/"));
    assert_eq!(problems[0]["message"], format!("source {} does not exist (expected a source)", seed.aa));
}

#[test]
fn renamed_record_file_is_named() {
    let env = Env::new();
    let seed = env.seeded();
    let from = file_of(&env, "claims", &seed.landlocked);
    let to = from.with_file_name(format!("{}.json", "0".repeat(62)));
    std::fs::rename(&from, &to).unwrap();
    let run = env.run(&["verify"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains(&format!("{}.json: content hashes to {}", "0".repeat(62), seed.landlocked)),
        "{}",
        run.stdout
    );
    // A file that is not named like a record at all is also a problem.
    std::fs::rename(&to, from.with_file_name("notes.txt")).unwrap();
    let run = env.run(&["verify"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("notes.txt: is not named <2 hex>/<62 hex>.json after a record id"), "{}", run.stdout);
}

#[test]
fn record_in_the_wrong_folder_and_duplicate_keys_are_named() {
    let env = Env::new();
    let seed = env.seeded();
    let from = file_of(&env, "claims", &seed.landlocked);
    let to = file_of(&env, "sources", &seed.landlocked);
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::rename(&from, &to).unwrap();
    let run = env.run(&["verify"]);
    assert!(run.stdout.contains("is a claim record in the sources folder"), "{}", run.stdout);
    std::fs::rename(&to, &from).unwrap();
    make_writable(&from);
    let text = std::fs::read_to_string(&from).unwrap().replacen('{', "{\n  \"text\": \"x\",", 1);
    std::fs::write(&from, text).unwrap();
    let run = env.run(&["verify"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("duplicate key \\\"text\\\"") || run.stdout.contains("duplicate key \"text\""),
        "{}",
        run.stdout
    );
}

#[test]
fn concurrent_writers_lose_nothing() {
    let env = Env::new();
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let dir = env.path().to_owned();
            let bin = env!("CARGO_BIN_EXE_claimledger");
            std::thread::spawn(move || {
                for n in 0..500 {
                    let out = std::process::Command::new(bin)
                        .current_dir(&dir)
                        .env_remove("CLAIMLEDGER_DIR")
                        .args(["claim", "add", &format!("Writer {w} recorded fact number {n}.")])
                        .output()
                        .unwrap();
                    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let list = env.run(&["list", "claims"]);
    assert_eq!(list.ok().lines().count(), 1000);
    let verify = env.run(&["verify"]);
    assert!(verify.ok().contains("verified 1000 records (claims 1000,"), "{}", verify.stdout);
}

/// Every record file in a folder validates against its committed schema with a JSON Schema validator.
fn validate_all(root: &Path) -> usize {
    let mut validators = std::collections::HashMap::new();
    for kind in ["claim", "source", "attribution", "retraction"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("schemas/{kind}.schema.json"));
        let schema: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let validator = jsonschema::options().should_validate_formats(true).build(&schema).unwrap();
        validators.insert(kind.to_owned(), validator);
    }
    let mut n = 0;
    for dir in ["claims", "sources", "attributions", "retractions"] {
        let Ok(fans) = std::fs::read_dir(root.join(dir)) else { continue };
        for fan in fans.flatten() {
            for file in std::fs::read_dir(fan.path()).unwrap().flatten() {
                let value: serde_json::Value =
                    serde_json::from_str(&std::fs::read_to_string(file.path()).unwrap()).unwrap();
                let kind = value["type"].as_str().unwrap().to_owned();
                let errors: Vec<String> = validators[&kind].iter_errors(&value).map(|e| e.to_string()).collect();
                assert!(errors.is_empty(), "{}: {errors:?}", file.path().display());
                n += 1;
            }
        }
    }
    n
}

#[test]
fn records_validate_against_the_schemas() {
    let env = Env::new();
    let seed = env.seeded();
    env.run(&["retract", &seed.aa, "--reason", "withdrawn", "--notice", "https://www.aa.com.tr/notice"]).ok();
    env.run(&["retract", &seed.fergana, "--kind", "correction", "--reason", "fixed a date"]).ok();
    assert_eq!(validate_all(&env.ledger()), 9);
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("ledger");
    assert!(validate_all(&example) > 0, "the example ledger has records");
}

#[test]
fn schemas_reject_what_the_tool_rejects() {
    let schema: serde_json::Value = serde_json::from_str(include_str!("../../schemas/source.schema.json")).unwrap();
    let v = jsonschema::validator_for(&schema).unwrap();
    assert!(v.is_valid(&serde_json::json!({"type": "source", "url": "https://x.org/a", "outlet": "X"})));
    assert!(!v.is_valid(&serde_json::json!({"type": "source", "url": "javascript:alert(1)", "outlet": "X"})));
    assert!(!v.is_valid(&serde_json::json!({"type": "source", "url": "https://x.org/a", "outlet": ""})));
    assert!(!v.is_valid(&serde_json::json!({"type": "source", "url": "https://x.org/a", "outlet": "X", "extra": 1})));
}
