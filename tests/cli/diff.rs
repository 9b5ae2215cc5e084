//! `check --diff BASE`: only findings on lines added or changed since a git revision; untracked files are new.

use std::process::Command;

use insta::assert_snapshot;

use crate::Env;

fn git(env: &Env, args: &[&str]) {
    let out = Command::new("git")
        .args(["-c", "user.name=Desk", "-c", "user.email=desk@example.org", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(env.path())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", env.path())
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// Finding lines of `--format json` output.
fn findings(json: &str) -> usize {
    json.lines().filter(|l| l.starts_with("{\"type\":\"finding\"")).count()
}

const DRAFT: &str = "\
# Kazakhstan

Kazakhstan has had diplomatic relations with Israel since 1992.

Kazakhstan is the largest landlocked country in the world.
";

/// A repository whose committed draft has one old unsourced claim.
fn repository() -> Option<Env> {
    if Command::new("git").arg("--version").output().is_err() {
        #[allow(clippy::print_stderr)]
        {
            eprintln!("skipping the --diff tests: git is absent");
        }
        return None;
    }
    let env = Env::new();
    env.seeded();
    std::fs::create_dir(env.path().join("drafts")).unwrap();
    env.write("drafts/column.md", DRAFT);
    git(&env, &["init", "-q", "-b", "main"]);
    git(&env, &["add", "-A"]);
    git(&env, &["commit", "-q", "-m", "the column and its ledger"]);
    Some(env)
}

#[test]
fn diff_head_reports_only_the_new_line() {
    let Some(env) = repository() else { return };
    let all = env.run(&["check", "drafts/column.md"]);
    assert_eq!(all.code, 1, "the old claim is unsourced: {}", all.stdout);
    let clean = env.run(&["check", "--diff", "HEAD", "drafts/column.md"]);
    assert_eq!(clean.code, 0, "nothing changed since HEAD: {}", clean.stdout);
    let edited =
        DRAFT.replace("Kazakhstan is the largest", "Kazakhstan has 20 million people.\n\nKazakhstan is the largest");
    env.write("drafts/column.md", &edited);
    assert_snapshot!("diff_head_new_line", env.run(&["check", "--diff", "HEAD", "drafts/column.md"]).snapshot(&env));
    // Staged changes are still changes since HEAD.
    git(&env, &["add", "drafts/column.md"]);
    let staged = env.run(&["check", "--diff", "HEAD", "--format", "json", "drafts/column.md"]);
    assert_eq!(findings(&staged.stdout), 1, "{}", staged.stdout);
    assert!(staged.stdout.contains("\"line\":5"), "{}", staged.stdout);
    // Against the commit before it, a committed change counts too; the untouched first claim never does.
    git(&env, &["commit", "-q", "-m", "one more figure"]);
    let since = env.run(&["check", "--diff", "HEAD~1", "--format", "json", "drafts"]);
    assert_eq!(findings(&since.stdout), 1, "{}", since.stdout);
    assert_eq!(env.run(&["check", "--diff", "HEAD", "drafts"]).code, 0);
}

#[test]
fn untracked_drafts_are_new_and_bad_revisions_are_errors() {
    let Some(env) = repository() else { return };
    env.write("drafts/new.md", "Kazakhstan has 20 million people.\n");
    let run = env.run(&["check", "--diff", "HEAD", "--format", "json", "drafts"]);
    assert_eq!(run.code, 1);
    assert_eq!(findings(&run.stdout), 1, "only the untracked draft: {}", run.stdout);
    assert!(run.stdout.contains("drafts/new.md"), "{}", run.stdout);
    assert_snapshot!(
        "diff_bad_revision",
        env.run(&["check", "--diff", "no-such-branch", "drafts/column.md"]).snapshot(&env)
    );
    let outside = Env::new();
    outside.write("d.md", DRAFT);
    assert_snapshot!("diff_outside_git", outside.run(&["check", "--diff", "HEAD", "d.md"]).snapshot(&outside));
}
