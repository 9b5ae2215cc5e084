//! What ships around the binary: shell completions, the man page, the licence files, the pre-commit hook
//! (run with the real `pre-commit`) and the GitHub Action's check step (run on a sample repository).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{Env, Run};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn available(program: &str, args: &[&str]) -> bool {
    Command::new(program).args(args).output().is_ok_and(|o| o.status.success())
}

#[allow(clippy::print_stderr)]
fn skip(test: &str, why: &str) {
    eprintln!("skipping {test}: {why}");
}

#[test]
fn completions_cover_every_command_and_parse_in_their_shell() {
    let env = Env::bare();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = env.run(&["completions", shell]);
        let script = run.ok();
        for word in ["claimledger", "import", "check", "diff", "dry-run", "completions"] {
            assert!(script.contains(word), "{shell} completion lacks {word}");
        }
        let file = env.write(&format!("completion.{shell}"), script);
        let syntax: Option<(&str, Vec<&str>)> = match shell {
            "bash" => Some(("bash", vec!["-n"])),
            "zsh" => Some(("zsh", vec!["-n"])),
            "fish" => Some(("fish", vec!["--no-execute"])),
            _ => None,
        };
        if let Some((program, args)) = syntax {
            if !available(program, &["--version"]) {
                skip("completion syntax", &format!("{program} is absent"));
                continue;
            }
            let out = Command::new(program).args(args).arg(&file).output().unwrap();
            assert!(out.status.success(), "{shell}: {}", String::from_utf8_lossy(&out.stderr));
        }
    }
    // Completion works as bash runs it: the words after `claimledger ch` complete to `check`.
    if available("bash", &["--version"]) {
        let script = format!(
            "source {}; COMP_WORDS=(claimledger ch); COMP_CWORD=1; COMP_LINE='claimledger ch'; COMP_POINT=14; \
             _claimledger claimledger ch claimledger; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            env.path().join("completion.bash").display()
        );
        let out = Command::new("bash").arg("-c").arg(script).output().unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stdout), "check\n", "{}", String::from_utf8_lossy(&out.stderr));
    }
    let bad = env.run(&["completions", "tcsh"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("invalid value 'tcsh'"), "{}", bad.stderr);
}

#[test]
fn man_page_is_roff_and_one_page_per_command() {
    let env = Env::bare();
    let page = env.run(&["man"]);
    let roff = page.ok();
    assert!(roff.starts_with(".ie \\n(.g .ds Aq \\(aq"), "{}", &roff[..80.min(roff.len())]);
    assert!(roff.contains(".TH claimledger 1"), "{roff}");
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH DESCRIPTION", ".SH OPTIONS", ".SH SUBCOMMANDS", ".SH VERSION"] {
        assert!(roff.contains(section), "the page lacks {section}");
    }
    assert!(roff.contains("claimledger\\-import(1)"), "subcommands are cross-referenced");
    if available("groff", &["--version"]) {
        let file = env.write("claimledger.1", roff);
        let out = Command::new("groff").args(["-man", "-Tutf8", "-ww", "-z"]).arg(&file).output().unwrap();
        assert!(out.stderr.is_empty(), "groff warns: {}", String::from_utf8_lossy(&out.stderr));
    } else {
        skip("man page rendering", "groff is absent");
    }
    let run = env.run(&["man", "--dir", "man"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for name in ["claimledger.1", "claimledger-check.1", "claimledger-import.1", "claimledger-source-add.1"] {
        let text = std::fs::read_to_string(env.path().join("man").join(name)).unwrap();
        assert!(text.contains(".TH"), "{name}");
    }
}

#[test]
fn licence_files_match_the_manifest() {
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    assert!(manifest.contains("license = \"MIT OR Apache-2.0\""));
    let mit = std::fs::read_to_string(root().join("LICENSE-MIT")).unwrap();
    assert!(mit.starts_with("MIT License\n\nCopyright (c) the claimledger authors\n"));
    assert!(mit.contains("THE SOFTWARE IS PROVIDED \"AS IS\""));
    let apache = std::fs::read_to_string(root().join("LICENSE-APACHE")).unwrap();
    assert!(apache.contains("Apache License") && apache.contains("Version 2.0, January 2004"));
    assert!(apache.contains("END OF TERMS AND CONDITIONS"));
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(readme.contains("LICENSE-MIT") && readme.contains("LICENSE-APACHE"));
}

/// A YAML file as JSON, read by Python's PyYAML (which pre-commit itself depends on).
fn yaml(path: &Path) -> Option<serde_json::Value> {
    let out = Command::new("python3")
        .args(["-c", "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))"])
        .arg(path)
        .output()
        .ok()?;
    out.status.success().then(|| serde_json::from_slice(&out.stdout).unwrap())
}

#[test]
fn pre_commit_hook_definition() {
    let Some(hooks) = yaml(&root().join(".pre-commit-hooks.yaml")) else {
        return skip("pre_commit_hook_definition", "python3 with PyYAML is absent");
    };
    let hook = &hooks[0];
    assert_eq!(hook["id"], "claimledger");
    assert_eq!(hook["entry"], "claimledger check");
    assert_eq!(hook["language"], "rust");
    assert_eq!(hook["types"], serde_json::json!(["markdown"]));
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(["-c", "user.name=Desk", "-c", "user.email=desk@example.org", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// A newsroom repository: a ledger with one sourced claim, a clean draft and notes that are not Markdown.
fn sample_repository(env: &Env) {
    env.seeded();
    std::fs::create_dir(env.path().join("drafts")).unwrap();
    env.write("drafts/clean.md", "Kazakhstan has had diplomatic relations with Israel since 1992.\n");
    env.write("notes.txt", "Kazakhstan has 20 million people.\n");
    git(env.path(), &["init", "-q", "-b", "main"]);
    git(env.path(), &["add", "-A"]);
    git(env.path(), &["commit", "-q", "-m", "ledger and drafts"]);
}

/// A folder holding `cargo` for pre-commit's rust language: `cargo install --bins --root DIR --path .` puts
/// this test's binary in DIR/bin (what cargo would build from the same sources), anything else is the real
/// cargo. A release build from scratch would add minutes to CI and test nothing of the hook definition.
fn cargo_shim(env: &Env) -> PathBuf {
    let dir = env.path().join(".shim");
    std::fs::create_dir_all(&dir).unwrap();
    let real = Command::new("bash").args(["-c", "command -v cargo"]).output().unwrap();
    let real = String::from_utf8(real.stdout).unwrap().trim().to_owned();
    let script = format!(
        "#!/usr/bin/env bash\nif [ \"$1\" = install ]; then\n  root=\"\"; prev=\"\"\n  for a in \"$@\"; do \
         [ \"$prev\" = --root ] && root=$a; prev=$a; done\n  mkdir -p \"$root/bin\" && cp '{}' \"$root/bin/claimledger\"\n\
         else\n  exec '{real}' \"$@\"\nfi\n",
        env!("CARGO_BIN_EXE_claimledger")
    );
    let path = dir.join("cargo");
    std::fs::write(&path, script).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    dir
}

#[test]
fn pre_commit_try_repo_runs_the_hook_on_markdown_only() {
    if !available("pre-commit", &["--version"]) {
        return skip(
            "pre_commit_try_repo_runs_the_hook_on_markdown_only",
            "pre-commit is absent (pip install pre-commit)",
        );
    }
    let env = Env::new();
    sample_repository(&env);
    let path = format!("{}:{}", cargo_shim(&env).display(), std::env::var("PATH").unwrap_or_default());
    let run = |extra: &[&str]| -> Run {
        let mut cmd = Command::new("pre-commit");
        cmd.current_dir(env.path())
            .env("PATH", &path)
            .env("PRE_COMMIT_HOME", env.path().join(".pre-commit-cache"))
            .env("CLAIMLEDGER_NOW", crate::NOW)
            .env("CLAIMLEDGER_BY", "desk@example.org")
            .env("NO_COLOR", "1")
            .env_remove("CLAIMLEDGER_DIR")
            .args(["try-repo", root().to_str().unwrap(), "claimledger", "--verbose"])
            .args(extra);
        Run::from(cmd.output().unwrap())
    };
    let clean = run(&["--all-files"]);
    assert_eq!(clean.code, 0, "{}\n{}", clean.stdout, clean.stderr);
    assert!(clean.stdout.contains("claimledger check") && clean.stdout.contains("Passed"), "{}", clean.stdout);
    env.write("drafts/new.md", "Kazakhstan has 20 million people.\n");
    git(env.path(), &["add", "drafts/new.md"]);
    let failed = run(&[]);
    assert_eq!(failed.code, 1, "{}\n{}", failed.stdout, failed.stderr);
    assert!(failed.stdout.contains("Failed"), "{}", failed.stdout);
    assert!(
        failed.stdout.contains("drafts/new.md:1:1") && failed.stdout.contains("unsourced-claim"),
        "{}",
        failed.stdout
    );
    assert!(!failed.stdout.contains("notes.txt"), "only Markdown files are passed: {}", failed.stdout);
}

/// Runs the Action's check step as the composite action does, with the inputs as environment variables.
fn action_step(env: &Env, vars: &[(&str, &str)]) -> (Run, String) {
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_claimledger")).parent().unwrap();
    let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default());
    let output = env.path().join(".github-output");
    let _ = std::fs::remove_file(&output);
    let mut cmd = Command::new("bash");
    cmd.arg(root().join("action/check.sh"))
        .current_dir(env.path())
        .env("PATH", path)
        .env("GITHUB_OUTPUT", &output)
        .env("CLAIMLEDGER_NOW", crate::NOW)
        .env("NO_COLOR", "1")
        .env_remove("CLAIMLEDGER_DIR");
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let run = Run::from(cmd.output().unwrap());
    (run, std::fs::read_to_string(&output).unwrap_or_default())
}

#[test]
fn action_checks_only_the_changed_drafts_and_writes_sarif() {
    let Some(action) = yaml(&root().join("action.yml")) else {
        return skip("action_checks_only_the_changed_drafts_and_writes_sarif", "python3 with PyYAML is absent");
    };
    assert_eq!(action["runs"]["using"], "composite");
    let steps = action["runs"]["steps"].as_array().unwrap();
    let uses: Vec<&str> = steps.iter().filter_map(|s| s["uses"].as_str()).collect();
    assert!(uses.iter().any(|u| u.starts_with("github/codeql-action/upload-sarif@")), "{uses:?}");
    let check = steps.iter().find(|s| s["id"] == "check").unwrap();
    assert!(check["run"].as_str().unwrap().contains("/action/check.sh"));
    for var in ["CL_PATHS", "CL_BASE", "CL_SARIF_FILE", "CL_PR_BASE"] {
        assert!(check["env"][var].is_string(), "the step passes {var}");
    }
    for input in ["paths", "base", "sarif", "fail-on-findings"] {
        assert!(action["inputs"][input].is_object(), "input {input}");
    }

    let env = Env::new();
    sample_repository(&env);
    let (nothing, out) = action_step(&env, &[("CL_BASE", "HEAD"), ("CL_PATHS", "drafts")]);
    assert_eq!(nothing.code, 0, "{}\n{}", nothing.stdout, nothing.stderr);
    assert!(nothing.stdout.contains("no Markdown draft changed since HEAD"), "{}", nothing.stdout);
    assert!(out.contains("exit-code=0"), "{out}");
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(env.path().join("claimledger.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 0);

    let base = String::from_utf8(
        Command::new("git").args(["rev-parse", "HEAD"]).current_dir(env.path()).output().unwrap().stdout,
    )
    .unwrap();
    env.write(
        "drafts/clean.md",
        "Kazakhstan has had diplomatic relations with Israel since 1992.\n\nIt has 20 million people.\n",
    );
    env.write("drafts/old.MD", "Kazakhstan is the largest landlocked country in the world.\n");
    git(env.path(), &["add", "-A"]);
    git(env.path(), &["commit", "-q", "-m", "more"]);
    let (run, out) = action_step(&env, &[("CL_PR_BASE", base.trim()), ("CL_PATHS", "drafts notes.txt")]);
    assert_eq!(run.code, 0, "the step hands the exit code on instead of failing: {}", run.stderr);
    assert!(out.contains("exit-code=1"), "{out}");
    assert!(out.contains(&format!("base={}", base.trim())), "{out}");
    assert!(run.stdout.contains("checking 2 draft(s)"), "{}", run.stdout);
    assert!(run.stdout.contains("::error file=drafts/clean.md,line=3"), "annotations: {}", run.stdout);
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(env.path().join("claimledger.sarif")).unwrap()).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let files: Vec<&str> = results
        .iter()
        .map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["drafts/clean.md", "drafts/old.MD"], "{results:?}");

    let (bad, _) = action_step(&env, &[("CL_BASE", "0123456789abcdef0123456789abcdef01234567")]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("is not in this checkout: check out with fetch-depth: 0"), "{}", bad.stderr);
}
