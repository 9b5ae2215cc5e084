//! The bad-input catalogue: every input the tool must refuse, as one table. Each case runs in a fresh folder
//! with a seeded ledger and the files it lists, and must exit 2 with one lowercase line on standard error that
//! says what is wrong, print nothing on standard output, and write no record.

use crate::Env;

struct Case {
    name: &'static str,
    /// Files written before the run: (path, contents).
    files: &'static [(&'static str, &'static str)],
    args: &'static [&'static str],
    /// What the error line must say (the file or argument, and the reason).
    says: &'static [&'static str],
}

const SEEDED_SOURCE: &str = "{aa}";

const CATALOGUE: &[Case] = &[
    // Dates: YYYY-MM-DD with a four-digit year, nothing a verify would refuse later.
    Case {
        name: "five-digit year",
        files: &[],
        args: &["source", "add", "https://example.org/p", "--outlet", "X", "--published", "+10000-01-01"],
        says: &["--published", "YYYY-MM-DD"],
    },
    Case {
        name: "negative year",
        files: &[],
        args: &["source", "add", "https://example.org/p", "--outlet", "X", "--published", "-0001-01-01"],
        says: &["'-0001-01-01'", "--published", "YYYY-MM-DD"],
    },
    Case {
        name: "two-digit year",
        files: &[],
        args: &["source", "add", "https://example.org/p", "--outlet", "X", "--published", "26-01-01"],
        says: &["'26-01-01'", "YYYY-MM-DD"],
    },
    Case {
        name: "no such day",
        files: &[],
        args: &["retract", SEEDED_SOURCE, "--reason", "r", "--effective", "2026-02-30"],
        says: &["--effective", "no such date"],
    },
    // URLs the lenient parser would repair.
    Case {
        name: "credentials in a url",
        files: &[],
        args: &["source", "add", "https://user:secret@example.com/p", "--outlet", "X"],
        says: &["credentials"],
    },
    Case { name: "empty host", files: &[], args: &["source", "add", "http:///path", "--outlet", "X"], says: &["no host"] },
    Case {
        name: "line break in a url",
        files: &[],
        args: &["source", "add", "https://example.com/a\nb", "--outlet", "X"],
        says: &["control character", "\\n"],
    },
    Case {
        name: "escape in an archive url",
        files: &[],
        args: &["source", "add", "https://example.com/a", "--outlet", "X", "--archived", "https://a.org/\x1b[2J"],
        says: &["--archived", "control character", "\\u{1b}"],
    },
    Case {
        name: "credentials in a notice url",
        files: &[],
        args: &["retract", SEEDED_SOURCE, "--reason", "r", "--notice", "https://u:p@example.com/n"],
        says: &["--notice", "credentials"],
    },
    // Settings: unknown keys, wrong types, values out of range; named with the file and the key.
    Case {
        name: "threshold above 1",
        files: &[("claimledger.toml", "[detect]\nthreshold = 7.5\n")],
        args: &["check", "d.md"],
        says: &["claimledger.toml", "detect.threshold", "7.5", "0.0 to 1.0"],
    },
    Case {
        name: "threshold nan",
        files: &[("claimledger.toml", "[detect]\nthreshold = nan\n")],
        args: &["check", "d.md"],
        says: &["detect.threshold", "NaN"],
    },
    Case {
        name: "threshold negative",
        files: &[("claimledger.toml", "[detect]\nthreshold = -3.0\n")],
        args: &["check", "d.md"],
        says: &["detect.threshold", "-3"],
    },
    Case {
        name: "threshold as text",
        files: &[("claimledger.toml", "[detect]\nthreshold = \"0.5\"\n")],
        args: &["check", "d.md"],
        says: &["claimledger.toml", "line 2, column 13", "invalid type: string"],
    },
    Case {
        name: "unknown key",
        files: &[("claimledger.toml", "ledgr = \"facts\"\n")],
        args: &["list", "claims"],
        says: &["claimledger.toml", "line 1, column 1", "unknown field `ledgr`"],
    },
    Case {
        name: "unknown detect key",
        files: &[("claimledger.toml", "[detect]\nthreshhold = 0.5\n")],
        args: &["check", "d.md"],
        says: &["unknown field `threshhold`", "expected `view` or `threshold`"],
    },
    Case {
        name: "unknown severity",
        files: &[("claimledger.toml", "[rules]\nmisattributed = \"fatal\"\n")],
        args: &["check", "d.md"],
        says: &["rules", "misattributed", "\"fatal\"", "error, warning, note, off"],
    },
    Case {
        name: "unknown view",
        files: &[("claimledger.toml", "[detect]\nview = \"loose\"\n")],
        args: &["check", "d.md"],
        says: &["detect.view", "\"loose\""],
    },
    Case {
        name: "broken toml",
        files: &[("claimledger.toml", "[detect\nthreshold = 0.5\n")],
        args: &["check", "d.md"],
        says: &["claimledger.toml", "line 1"],
    },
    Case {
        name: "missing --config file",
        files: &[],
        args: &["--config", "nowhere.toml", "list", "claims"],
        says: &["cannot read nowhere.toml", "no such file"],
    },
    Case {
        name: "bad setting in --config file",
        files: &[("settings/strict.toml", "[detect]\nthreshold = 2\n")],
        args: &["check", "d.md", "--config", "settings/strict.toml"],
        says: &["settings/strict.toml", "detect.threshold"],
    },
    // Drafts and walking.
    Case { name: "missing draft", files: &[], args: &["check", "absent.md"], says: &["absent.md", "no such file"] },
    Case { name: "binary draft", files: &[("b.md", "a\0b")], args: &["check", "b.md"], says: &["b.md", "binary"] },
    Case {
        name: "bad glob",
        files: &[],
        args: &["check", ".", "--glob", "**/[.md"],
        says: &["invalid glob", "**/[.md"],
    },
    // The command line itself.
    Case { name: "unknown flag", files: &[], args: &["check", "--frmat", "json", "d.md"], says: &["--frmat"] },
    Case {
        name: "missing required flag",
        files: &[],
        args: &["source", "add", "https://example.org/a"],
        says: &["--outlet"],
    },
    Case { name: "bad value", files: &[], args: &["list", "things"], says: &["'things'"] },
    Case { name: "no command", files: &[], args: &["claim"], says: &["`claimledger claim` needs a command: add"] },
    Case { name: "bad color", files: &[], args: &["--color", "sometimes", "list", "claims"], says: &["sometimes"] },
    // Exports that prove nothing.
    Case {
        name: "export header alone",
        files: &[(
            "h.jsonl",
            "{\"claimledger_export\":1,\"counts\":{\"attributions\":0,\"claims\":1,\"retractions\":0,\"sources\":0},\"digest\":\"00\",\"records\":1}\n",
        )],
        args: &["verify", "--against", "h.jsonl"],
        says: &["malformed export h.jsonl", "the header counts 1 records", "holds 0"],
    },
    Case {
        name: "export without counts",
        files: &[("n.jsonl", "{\"claimledger_export\":1}\n")],
        args: &["verify", "--against", "n.jsonl"],
        says: &["malformed export n.jsonl", "line 1"],
    },
];

#[test]
fn every_bad_input_is_one_line_exit_2_and_writes_nothing() {
    let mut failures = Vec::new();
    for case in CATALOGUE {
        let env = Env::new();
        let seed = env.seeded();
        env.write("d.md", "Kazakhstan exported 9.3 million tonnes of wheat in 2023.\n");
        for (path, text) in case.files {
            let path = env.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let before = env.record_files();
        let args: Vec<String> = case.args.iter().map(|a| a.replace(SEEDED_SOURCE, &seed.aa)).collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = env.run(&args);
        let line = run.stderr.lines().next().unwrap_or("");
        let mut wrong = Vec::new();
        if run.code != 2 {
            wrong.push(format!("exit {}", run.code));
        }
        if run.stderr.lines().count() != 1 || !line.starts_with("error: ") {
            wrong.push(format!("stderr is not one error line: {:?}", run.stderr));
        }
        if !run.stdout.is_empty() && !case.args.contains(&"check") {
            wrong.push(format!("stdout: {:?}", run.stdout));
        }
        if line.chars().any(|c| c.is_control()) {
            wrong.push("control characters in the message".into());
        }
        for needle in case.says {
            if !line.contains(needle) {
                wrong.push(format!("does not say {needle:?}"));
            }
        }
        if env.record_files() != before {
            wrong.push("wrote a record".into());
        }
        if !wrong.is_empty() {
            failures.push(format!("{}: {}\n    {line}", case.name, wrong.join("; ")));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases:\n{}", failures.len(), CATALOGUE.len(), failures.join("\n"));
}
