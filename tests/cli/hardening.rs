//! Hardening: one test per defect found by attacking the tool with hostile files, terminal escapes, huge
//! drafts, bad settings, kills and truncated exports. Each runs the reproduction as a user would and asserts
//! what must hold. The bad inputs that must be one-line errors writing nothing are the table in
//! `bad_input.rs`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::{Env, Run};

/// Runs a command with a deadline; a run still going at the deadline is killed and reported, so that a
/// hang fails the test instead of stalling the suite.
fn run_within(mut cmd: Command, deadline: Duration) -> Run {
    let mut child = cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let started = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            let out = child.wait_with_output().unwrap();
            return Run {
                code: out.status.code().unwrap_or(-1),
                stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            };
        }
        if started.elapsed() > deadline {
            child.kill().unwrap();
            let _ = child.wait();
            panic!("{cmd:?} still ran after {deadline:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn no_terminal_controls(what: &str, text: &str) {
    let bad: Vec<char> = text.chars().filter(|c| c.is_control() && *c != '\n' && *c != '\t').collect();
    assert!(bad.is_empty(), "{what} printed control characters {bad:?}:\n{text}");
}

fn one_line_error(what: &str, run: &Run) {
    assert_eq!(run.code, 2, "{what}: {}{}", run.stdout, run.stderr);
    assert!(run.stderr.starts_with("error: "), "{what}: {}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "{what}: one line:\n{}", run.stderr);
}

fn record_path(env: &Env, kind: &str, id: &str) -> PathBuf {
    env.ledger().join(kind).join(&id[..2]).join(format!("{}.json", &id[2..]))
}

/// The id a claim text gets, without writing it anywhere that matters.
fn claim_id(text: &str) -> String {
    let scratch = Env::new();
    scratch.run(&["claim", "add", text]).ok().to_owned()
}

fn files_under(dir: &Path) -> usize {
    std::fs::read_dir(dir).map_or(0, |d| d.count())
}

// 1. Writes never leave the ledger through a symbolic link, and verify names every link.
#[cfg(unix)]
#[test]
fn writes_never_leave_the_ledger_through_a_symlink() {
    use std::os::unix::fs::symlink;
    let env = Env::new();
    let seed = env.seeded();
    let outside = env.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    // A claim whose fan-out folder the ledger does not have yet.
    let (text, id) = (0..)
        .map(|i| format!("Kazakhstan exported {i} million tonnes of wheat in 2023."))
        .map(|t| {
            let id = claim_id(&t);
            (t, id)
        })
        .find(|(_, id)| !env.ledger().join("claims").join(&id[..2]).exists())
        .unwrap();
    let text = text.as_str();

    let fan = env.ledger().join("claims").join(&id[..2]);
    symlink(&outside, &fan).unwrap();
    let run = env.run(&["claim", "add", text]);
    // The index names the link it did not follow, then the write is refused.
    assert_eq!(run.code, 2, "{}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stderr);
    assert!(lines[0].starts_with("warning: skipped ") && lines[0].contains("is a symbolic link"), "{}", lines[0]);
    assert!(
        lines[1].starts_with("error: refusing to write through ") && lines[1].contains("symbolic link"),
        "{}",
        lines[1]
    );
    assert_eq!(files_under(&outside), 0, "nothing was written outside");
    let verify = env.run(&["verify"]);
    assert_eq!(verify.code, 1);
    assert!(verify.stdout.contains(&format!("claims/{}: is a symbolic link", &id[..2])), "{}", verify.stdout);
    std::fs::remove_file(&fan).unwrap();

    let retractions = env.ledger().join("retractions");
    std::fs::remove_dir_all(&retractions).unwrap();
    symlink(&outside, &retractions).unwrap();
    let run = env.run(&["retract", &seed.aa, "--reason", "the agency pulled the story"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.lines().last().unwrap().starts_with("error: refusing to write through "), "{}", run.stderr);
    assert_eq!(files_under(&outside), 0);
    assert!(env.run(&["verify"]).stdout.contains("retractions: is a symbolic link"));
    std::fs::remove_file(&retractions).unwrap();
    std::fs::create_dir(&retractions).unwrap();

    let cache = env.ledger().join(".cache");
    std::fs::remove_dir_all(&cache).unwrap();
    symlink(&outside, &cache).unwrap();
    let run = env.run(&["list", "claims"]);
    one_line_error("an index in a linked .cache", &run);
    assert!(run.stderr.contains(".cache"), "{}", run.stderr);
    assert_eq!(files_under(&outside), 0, "the index was not written outside");
    assert!(env.run(&["verify"]).stdout.contains(".cache: is a symbolic link"));
}

// 2. Text from the ledger or a draft never reaches the terminal with its control characters; JSON stays exact.
#[test]
fn ledger_text_never_drives_the_terminal() {
    let env = Env::new();
    let seed = env.seeded();
    let hostile = "T \x1b]0;pwned\x07 \x1b[2J in 1992 the \u{202e}wheat harvest rose 12 percent.";
    let id = env.run(&["claim", "add", hostile]).ok().to_owned();
    env.run(&["attribute", &id, &seed.aa, "--quote", "q \x1b[31mred\x1b[0m"]).ok();
    env.write("draft.md", &format!("# Draft\n\n{hostile}\n\nThe \x1b[2J harvest of 1993 rose 40 percent.\n"));
    let wicked_name = "wicked\x1b[2J.md";
    env.write(wicked_name, "Exports \x07rose 12 percent in 2024.\n");
    let runs = [
        ("list claims", env.run(&["list", "claims"])),
        ("list sources", env.run(&["list", "sources"])),
        ("show claim", env.run(&["show", &id])),
        ("show source", env.run(&["show", &seed.aa])),
        ("check", env.run(&["check", "draft.md", wicked_name])),
        ("match", env.run(&["match", "draft.md"])),
        ("match --text", env.run(&["match", "--text", hostile])),
        ("detect", env.run(&["detect", "draft.md", wicked_name])),
    ];
    for (what, run) in &runs {
        assert!(run.code == 0 || run.code == 1, "{what}: {}", run.stderr);
        no_terminal_controls(what, &run.stdout);
        no_terminal_controls(what, &run.stderr);
    }
    assert!(
        runs[0].1.stdout.contains("T \\x1b]0;pwned\\x07 \\x1b[2J in 1992 the \\u{202e}wheat"),
        "{}",
        runs[0].1.stdout
    );
    assert!(runs[4].1.stdout.contains("wicked\\x1b[2J.md:1:1:"), "{}", runs[4].1.stdout);
    // JSON carries the text exactly.
    let json = env.run(&["list", "claims", "--format", "json"]);
    let texts: Vec<String> = json
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["text"].as_str().unwrap().to_owned())
        .collect();
    assert!(texts.iter().any(|t| t == hostile), "{texts:?}");
    // verify names a file whose name carries escapes without passing them on.
    let fan = env.ledger().join("claims").join(&id[..2]);
    std::fs::write(fan.join("\x1b]0;x\x07.json"), "{}").unwrap();
    let verify = env.run(&["verify"]);
    assert_eq!(verify.code, 1);
    no_terminal_controls("verify", &verify.stdout);
    assert!(verify.stdout.contains("\\x1b]0;x\\x07.json: is not named"), "{}", verify.stdout);
    // Errors that quote user input too.
    let run = env.run(&["show", "\x1b[2Jabcdef"]);
    assert_eq!(run.code, 2);
    no_terminal_controls("an error", &run.stderr);
}

// 3. Human output is linear in the draft: each finding shows its own line, found through a line index.
// (Time is measured in benches/human_output.sh; `report::human`'s unit tests guard the line lookup.)
#[test]
fn human_output_of_many_paragraphs_shows_each_finding_its_line() {
    let env = Env::new();
    let sentence = "Kazakhstan exported 9.3 million tonnes of wheat to 40 countries in 2023, the ministry said.";
    let draft: String = (0..3000).map(|i| format!("{sentence} Paragraph {i} adds 12 percent.\n\n")).collect();
    env.write("long.md", &draft);
    let human = env.run(&["check", "long.md"]);
    let json = env.run(&["check", "long.md", "--format", "json"]);
    assert_eq!(human.code, 1);
    let findings = json.stdout.lines().filter(|l| l.contains("\"type\":\"finding\"")).count();
    assert!(findings >= 3000, "{findings}");
    assert!(human.stdout.contains("5999 | Kazakhstan exported 9.3 million tonnes of wheat to 40 countries in 2023, the ministry said. Paragraph 2999 adds 12 percent."));
    assert!(human.stdout.len() < 3 * json.stdout.len(), "human {} vs json {}", human.stdout.len(), json.stdout.len());
}

// 4. A sentence with thousands of links: what one finding quotes is bounded, so output stays linear.
#[test]
fn links_cannot_make_the_output_explode() {
    let env = Env::new();
    let mut draft = String::from("The ministry counted 42 new schools in 2024");
    for i in 0..2000 {
        draft.push_str(&format!(" [{i}](https://example.org/report/{i})"));
    }
    draft.push_str(".\n");
    env.write("links.md", &draft);
    let run = env.run(&["check", "links.md"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout.matches("warning[unregistered-source]").count(), 2000);
    // Before: 233 MB of output for this 78 kB draft. Each finding now quotes a window of its line.
    assert!(
        run.stdout.len() < 40 * draft.len(),
        "{} bytes of output for {} bytes of draft",
        run.stdout.len(),
        draft.len()
    );
    assert!(run.stdout.contains("[1000](https://example.org/report/1000)"));
}

// 5. What an add accepts, verify accepts: dates are YYYY-MM-DD with four-digit years.
#[test]
fn add_never_writes_what_verify_rejects() {
    let env = Env::new();
    let before = env.record_files();
    for date in ["+10000-01-01", "-0001-01-01", "26-01-01", "2026-1-1", "2026-02-30"] {
        let run = env.run(&["source", "add", "https://example.org/p", "--outlet", "X", "--published", date]);
        one_line_error(date, &run);
        assert_eq!(env.record_files(), before, "{date} wrote a record");
    }
    let seed = env.seeded();
    let run = env.run(&["retract", &seed.aa, "--reason", "r", "--effective", "+10000-01-01"]);
    one_line_error("--effective +10000-01-01", &run);
    let edge = env.run(&["source", "add", "https://example.org/q", "--outlet", "X", "--published", "9999-12-31"]);
    edge.ok();
    let verify = env.run(&["verify"]);
    assert_eq!(verify.code, 0, "{}", verify.stdout);
}

// 6. A truncated or edited export proves nothing: verify --against checks the body against the header.
#[test]
fn a_truncated_export_proves_nothing() {
    let env = Env::new();
    env.seeded();
    let old = env.run(&["export", "--format", "jsonl"]).ok().to_owned() + "\n";
    let lines: Vec<&str> = old.lines().collect();
    assert_eq!(lines.len(), 8);
    let join = |ls: &[&str]| ls.iter().map(|l| format!("{l}\n")).collect::<String>();
    let cases = [
        ("head.jsonl", join(&lines[..lines.len() - 1])),
        ("middle.jsonl", join(&[&lines[..3], &lines[4..]].concat())),
        ("header.jsonl", join(&lines[..1])),
    ];
    for (name, text) in cases {
        env.write(name, &text);
        let run = env.run(&["verify", "--against", name]);
        one_line_error(name, &run);
        assert!(run.stderr.contains(&format!("malformed export {name}: line")), "{}", run.stderr);
        assert!(run.stderr.contains("the header counts 7 records"), "{}", run.stderr);
        assert_eq!(run.stdout, "", "{name}: nothing is reported from an export that proves nothing");
    }
    env.write("whole.jsonl", &old);
    env.run(&["verify", "--against", "whole.jsonl"]).ok();
}

// 7. Settings out of range are errors naming the file, the key and the range.
#[test]
fn settings_out_of_range_are_errors() {
    let env = Env::new();
    env.write("draft.md", "Kazakhstan exported 9.3 million tonnes of wheat in 2023.\n");
    for value in ["7.5", "nan", "inf", "-3.0"] {
        env.write("claimledger.toml", &format!("[detect]\nthreshold = {value}\n"));
        let run = env.run(&["check", "draft.md"]);
        one_line_error(value, &run);
        assert!(
            run.stderr.contains("claimledger.toml: detect.threshold:") && run.stderr.contains("from 0.0 to 1.0"),
            "{}",
            run.stderr
        );
    }
    env.write("claimledger.toml", "[detect]\nthreshold = 0.5\n");
    assert_eq!(env.run(&["check", "draft.md"]).code, 1);
}

// 8. A named pipe is never opened for reading: skipped with a note in a folder, an error when named.
#[cfg(unix)]
#[test]
fn a_fifo_never_hangs_check() {
    let env = Env::new();
    std::fs::create_dir(env.path().join("drafts")).unwrap();
    env.write("drafts/a.md", "Exports rose 12 percent in 2024.\n");
    let fifo = env.path().join("drafts/p.md");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let mut cmd = env.command();
    cmd.args(["check", "drafts"]);
    let run = run_within(cmd, Duration::from_secs(60));
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("skipped drafts/p.md: a named pipe, not a regular file"), "{}", run.stderr);
    assert!(run.stdout.contains("drafts/a.md:1:1"), "{}", run.stdout);
    let mut cmd = env.command();
    cmd.args(["check", "drafts/p.md"]);
    let run = run_within(cmd, Duration::from_secs(60));
    one_line_error("naming a fifo", &run);
    assert!(run.stderr.contains("drafts/p.md is not a regular file (a named pipe)"), "{}", run.stderr);
}

// 9. `claim add --source --quote` is atomic: a killed run never leaves the claim without its attribution,
// and running it again completes it without a second attribution.
#[cfg(unix)]
#[test]
fn claim_add_with_source_survives_kill_9() {
    let env = Env::new();
    let seed = env.seeded();
    // The real clock, as a newsroom runs it: a run repeated later records its attribution at another time.
    let command = || {
        let mut cmd = env.command();
        cmd.env_remove("CLAIMLEDGER_NOW");
        cmd
    };
    let texts: Vec<String> =
        (0..24).map(|i| format!("Kazakhstan opened {} new schools in 20{:02}.", 100 + i, i)).collect();
    // Measure one run, then kill runs at points spread over that time.
    let started = Instant::now();
    let mut warm_up = command();
    warm_up.args(["claim", "add", "A warm-up claim of 1 sentence.", "--source", &seed.aa, "--quote", "q"]);
    assert!(warm_up.output().unwrap().status.success());
    let one = started.elapsed();
    for (i, text) in texts.iter().enumerate() {
        let mut child = command()
            .args(["claim", "add", text, "--source", &seed.aa, "--quote", "the ministry's figures"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(one.mul_f64(i as f64 / texts.len() as f64));
        let _ = child.kill();
        let _ = child.wait();
    }
    let unsourced = env.run(&["list", "claims", "--unsourced", "--format", "json"]).ok().to_owned();
    for text in &texts {
        assert!(!unsourced.contains(text.as_str()), "a killed run left {text:?} without its attribution");
    }
    // Running each command again completes it: one attribution per claim, and an intact ledger.
    for text in &texts {
        let mut again = command();
        again.args(["claim", "add", text, "--source", &seed.aa, "--quote", "the ministry's figures"]);
        assert!(again.output().unwrap().status.success());
    }
    let attributions = std::fs::read_dir(env.ledger().join("attributions"))
        .unwrap()
        .flat_map(|fan| std::fs::read_dir(fan.unwrap().path()).unwrap())
        .filter(|f| !f.as_ref().unwrap().file_name().to_string_lossy().starts_with('.'))
        .count();
    assert_eq!(attributions, 2 + 1 + texts.len(), "seeded, warm-up, and one per claim");
    let verify = env.run(&["verify"]);
    assert_eq!(verify.code, 0, "{}", verify.stdout);
}

// 10. Temporary files of interrupted writes are gitignored, and stale ones are removed by the next write.
#[test]
fn temporary_files_are_ignored_and_cleaned() {
    let env = Env::new();
    let ignore = std::fs::read_to_string(env.ledger().join(".gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == ".tmp-*"), "{ignore}");
    let text = "Almaty's metro carried 41 million passengers in 2024.";
    let id = claim_id(text);
    let fan = env.ledger().join("claims").join(&id[..2]);
    std::fs::create_dir_all(&fan).unwrap();
    let stale = fan.join(".tmp-AbC123.json");
    std::fs::write(&stale, "{\"type\":").unwrap();
    let two_minutes_ago = std::time::SystemTime::now() - Duration::from_secs(120);
    std::fs::File::options().write(true).open(&stale).unwrap().set_modified(two_minutes_ago).unwrap();
    if Command::new("git").arg("--version").output().is_ok_and(|o| o.status.success()) {
        assert!(Command::new("git").args(["init", "-q"]).current_dir(env.path()).status().unwrap().success());
        let out =
            Command::new("git").args(["check-ignore", "-q"]).arg(&stale).current_dir(env.path()).status().unwrap();
        assert!(out.success(), "git ignores the temporary file");
    }
    env.run(&["claim", "add", text]).ok();
    assert!(!stale.exists(), "the stale temporary file was removed by the write to its folder");
    // A ledger made before gains the line from `init`.
    std::fs::write(env.ledger().join(".gitignore"), "/.cache/\n").unwrap();
    env.run(&["init"]).ok();
    assert!(std::fs::read_to_string(env.ledger().join(".gitignore")).unwrap().contains(".tmp-*"));
}

// 11. One bad record blocks nothing but verify: the others warn once, naming it, and go on without it.
#[test]
fn one_bad_record_blocks_only_verify() {
    let env = Env::new();
    let seed = env.seeded();
    env.write("draft.md", "Kazakhstan has had diplomatic relations with Israel since 1992.\n");
    let old = env.run(&["export", "--format", "jsonl"]).ok().to_owned() + "\n";
    env.write("old.jsonl", &old);
    let bad = env.ledger().join("claims/ab").join(format!("{}.json", "c".repeat(62)));
    std::fs::create_dir_all(bad.parent().unwrap()).unwrap();
    std::fs::write(&bad, "{ not json").unwrap();
    let landlocked = record_path(&env, "claims", &seed.landlocked);
    let renamed = landlocked.with_file_name(format!("{}.json", "0".repeat(62)));
    std::fs::rename(&landlocked, &renamed).unwrap();
    let runs = [
        ("list", env.run(&["list", "claims"]), 0),
        ("show", env.run(&["show", &seed.ties]), 0),
        ("claim add", env.run(&["claim", "add", "Tokayev met 40 ministers in 2025."]), 0),
        ("check", env.run(&["check", "draft.md"]), 0),
        ("export jsonl", env.run(&["export", "--format", "jsonl"]), 0),
        ("export csv", env.run(&["export", "--format", "csv"]), 0),
        ("verify --against", env.run(&["verify", "--against", "old.jsonl"]), 1),
    ];
    for (what, run, code) in &runs {
        assert_eq!(run.code, *code, "{what}: {}{}", run.stdout, run.stderr);
        let warnings: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("warning: skipped ")).collect();
        assert_eq!(warnings.len(), 2, "{what}: each bad file named once:\n{}", run.stderr);
        assert!(warnings.iter().any(|w| w.contains(&"c".repeat(62))), "{what}: {warnings:?}");
        assert!(warnings.iter().any(|w| w.contains(&"0".repeat(62))), "{what}: {warnings:?}");
    }
    assert!(runs[6].1.stdout.contains(&format!("missing claim {}", seed.landlocked)), "{}", runs[6].1.stdout);
    let verify = env.run(&["verify"]);
    assert_eq!(verify.code, 1);
    assert!(verify.stdout.contains(&"c".repeat(62)) && verify.stdout.contains(&"0".repeat(62)), "{}", verify.stdout);
}

// 12. Every error is one line: clap's, the settings file's, unreadable drafts', and a non-UTF-8 argument is named.
#[cfg(unix)]
#[test]
fn errors_are_one_line() {
    use std::os::unix::ffi::OsStrExt;
    let env = Env::new();
    for args in [
        &["check", "--frmat", "json", "x.md"][..],
        &["source", "add", "https://example.org/a"],
        &["claim"],
        &["list", "things"],
    ] {
        one_line_error(&args.join(" "), &env.run(args));
    }
    env.write("claimledger.toml", "[detect]\nthreshold = \"high\"\n");
    let run = env.run(&["list", "claims"]);
    one_line_error("toml", &run);
    assert!(run.stderr.contains("claimledger.toml: line 2, column 13"), "{}", run.stderr);
    std::fs::remove_file(env.path().join("claimledger.toml")).unwrap();
    env.write("bin.md", "\0\0");
    std::fs::write(env.path().join("latin1.md"), b"caf\xe9 rose 12 percent.\n").unwrap();
    let run = env.run(&["check", "bin.md", "latin1.md"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr.lines().count(), 2, "one line per unreadable draft, nothing more:\n{}", run.stderr);
    let mut cmd = env.command();
    cmd.args(["claim", "add"]).arg(std::ffi::OsStr::from_bytes(b"caf\xe9 rose 12 percent."));
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr.trim_end(), "error: argument 'caf\\xe9 rose 12 percent.' is not valid UTF-8");
}

// 13. URLs that the parser would repair are refused: credentials, an empty host, control characters.
#[test]
fn lenient_urls_are_refused() {
    let env = Env::new();
    let cases = [
        ("https://user:secret@example.com/p", "credentials"),
        ("http:///path", "has no host"),
        ("https://example.com/a\nb", "control character"),
        ("https://exam\tple.com/", "control character"),
    ];
    for (url, reason) in cases {
        let run = env.run(&["source", "add", url, "--outlet", "X"]);
        one_line_error(url, &run);
        assert!(run.stderr.contains(reason), "{url}: {}", run.stderr);
        assert!(!run.stderr.contains("secret@") || run.stderr.contains("credentials"));
    }
    assert!(env.record_files().is_empty());
}

// 14. Records are readable by all (0444 under umask 022, as git's objects); exports follow the umask.
#[cfg(unix)]
#[test]
fn file_modes_follow_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    let under_umask = |args: &[&str]| {
        let cmd = env.command();
        let bin = cmd.get_program().to_owned();
        let mut sh = Command::new("sh");
        sh.current_dir(env.path()).arg("-c").arg("umask 022 && exec \"$0\" \"$@\"").arg(bin).args(args);
        for (k, v) in cmd.get_envs() {
            match v {
                Some(v) => sh.env(k, v),
                None => sh.env_remove(k),
            };
        }
        let out = sh.output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap().trim().to_owned()
    };
    let id = under_umask(&["claim", "add", "Exports rose 12 percent in 2024."]);
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&record_path(&env, "claims", &id)), 0o444);
    under_umask(&["export", "--format", "jsonl", "-o", "ledger.jsonl"]);
    assert_eq!(mode(&env.path().join("ledger.jsonl")), 0o644);
    let _ = std::io::stdout().flush();
}
