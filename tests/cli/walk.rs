//! Which files of a folder are drafts: walked as ripgrep walks (ignore files, hidden files, globs), any case
//! of .md and .markdown, regular files only; and the settings file chosen with --config.

use std::process::Command;

use crate::Env;

const FACT: &str = "Kazakhstan exported 9.3 million tonnes of wheat in 2023.\n";

/// The drafts `check` read, from its json output (one finding per draft here).
fn checked(env: &Env, args: &[&str]) -> Vec<String> {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let run = env.run(&all);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    let mut files: Vec<String> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        // The last line is the run's summary, which names no draft.
        .filter(|v| v["type"] != "summary")
        .map(|v| v["file"].as_str().unwrap().to_owned())
        .collect();
    files.dedup();
    files
}

fn tree(env: &Env) {
    for (path, text) in [
        ("drafts/a.md", FACT),
        ("drafts/NEW.MD", FACT),
        ("drafts/long.Markdown", FACT),
        ("drafts/notes.txt", FACT),
        ("drafts/.hidden.md", FACT),
        ("drafts/.private/b.md", FACT),
        ("drafts/old/c.md", FACT),
        ("drafts/node_modules/pkg/README.md", FACT),
        ("drafts/build/out.md", FACT),
        ("drafts/.gitignore", "node_modules/\n"),
        ("drafts/.ignore", "build/\n"),
    ] {
        let p = env.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

#[test]
fn folders_are_walked_like_ripgrep() {
    let env = Env::new();
    tree(&env);
    assert_eq!(
        checked(&env, &["drafts"]),
        ["drafts/NEW.MD", "drafts/a.md", "drafts/long.Markdown", "drafts/old/c.md"],
        ".gitignore, .ignore and hidden names are left out; .MD and .Markdown are drafts"
    );
    assert_eq!(
        checked(&env, &["drafts", "--exclude", "old"]),
        ["drafts/NEW.MD", "drafts/a.md", "drafts/long.Markdown"]
    );
    assert_eq!(
        checked(&env, &["drafts", "--glob", "!*.MD"]),
        ["drafts/a.md", "drafts/long.Markdown", "drafts/old/c.md"]
    );
    assert_eq!(checked(&env, &["drafts", "--glob", "*.txt"]), ["drafts/notes.txt"], "--glob names what to read");
    assert_eq!(checked(&env, &["drafts", "--glob", "old/*.md"]), ["drafts/old/c.md"]);
    let everything = checked(&env, &["drafts", "--no-ignore", "--hidden"]);
    assert_eq!(everything.len(), 8, "{everything:?}");
    assert!(everything.contains(&"drafts/node_modules/pkg/README.md".to_owned()));
    assert!(everything.contains(&"drafts/.private/b.md".to_owned()));
    // A file named on the command line is read whatever the ignore files say.
    assert_eq!(checked(&env, &["drafts/build/out.md"]), ["drafts/build/out.md"]);
}

#[test]
fn gitignore_of_the_repository_applies() {
    let env = Env::new();
    tree(&env);
    if !Command::new("git").arg("--version").output().is_ok_and(|o| o.status.success()) {
        eprintln!("git is not installed: skipping the repository case");
        return;
    }
    assert!(Command::new("git").args(["init", "-q"]).current_dir(env.path()).status().unwrap().success());
    std::fs::write(env.path().join(".gitignore"), "drafts/old/\n").unwrap();
    assert_eq!(checked(&env, &["drafts"]), ["drafts/NEW.MD", "drafts/a.md", "drafts/long.Markdown"]);
    assert_eq!(checked(&env, &["."]).len(), 3, "the ledger folder holds no drafts, and old/ is ignored");
}

#[test]
fn config_flag_picks_the_settings_file() {
    let env = Env::new();
    env.write("d.md", FACT);
    std::fs::create_dir_all(env.path().join("site")).unwrap();
    // A settings file elsewhere, naming a ledger relative to itself and turning the rule off.
    env.write("site/strict.toml", "ledger = \"../ledger\"\n[rules]\nunsourced-claim = \"off\"\n");
    env.write("claimledger.toml", "[rules]\nunsourced-claim = \"warning\"\n");
    let discovered = env.run(&["check", "d.md"]);
    assert_eq!(discovered.code, 0);
    assert!(discovered.stdout.contains("warning[unsourced-claim]"), "{}", discovered.stdout);
    let chosen = env.run(&["check", "d.md", "--config", "site/strict.toml"]);
    assert_eq!(chosen.code, 0);
    assert!(chosen.stdout.contains("0 error(s), 0 warning(s)"), "{}", chosen.stdout);
    let run = env.run(&["--config", "site/strict.toml", "claim", "add", "Tokayev met 40 ministers in 2025."]);
    run.ok();
    assert_eq!(env.record_files().len(), 1, "the ledger the chosen file names");
}
