//! Human output for people: sentences over several lines, wide characters, colour choices and -q.

use insta::assert_snapshot;

use crate::Env;

const WRAPPED: &str = "\
# Wrapped

The ministry said that Kazakhstan exported
9.3 million tonnes of wheat to 40 countries
in 2023, more than in any year before. It was a good year.

> Officials in Astana counted 1,200 new
> schools and 40 hospitals in 2024.

Tokyo (東京) had 14 million residents (居住者) in 2024.

Rain fell in 東京 and 🌾 fields. Kazakhstan harvested 26 million tonnes of grain in 2024.
";

#[test]
fn a_sentence_over_several_lines_is_shown_whole_with_carets_under_wide_characters() {
    let env = Env::new();
    env.write("wrapped.md", WRAPPED);
    let run = env.run(&["check", "wrapped.md", "--min-severity", "error"]);
    assert_snapshot!(run.snapshot(&env), @r"
    exit: 1
    --- stdout
    wrapped.md:3:1: error[unsourced-claim]: no ledger claim or linked source supports this sentence
    3 | The ministry said that Kazakhstan exported
      | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
    4 | 9.3 million tonnes of wheat to 40 countries
      | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
    5 | in 2023, more than in any year before. It was a good year.
      | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
      = hint: record it with `claimledger claim add '...' --source ID --quote '...'`, link a ledger source, or exempt it with `<!-- claimledger-ignore: REASON -->`

    wrapped.md:7:3: error[unsourced-claim]: no ledger claim or linked source supports this sentence
    7 | > Officials in Astana counted 1,200 new
      |   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
    8 | > schools and 40 hospitals in 2024.
      |   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
      = hint: record it with `claimledger claim add '...' --source ID --quote '...'`, link a ledger source, or exempt it with `<!-- claimledger-ignore: REASON -->`

    wrapped.md:10:1: error[unsourced-claim]: no ledger claim or linked source supports this sentence
    10 | Tokyo (東京) had 14 million residents (居住者) in 2024.
       | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
       = hint: record it with `claimledger claim add '...' --source ID --quote '...'`, link a ledger source, or exempt it with `<!-- claimledger-ignore: REASON -->`

    wrapped.md:12:1: error[unsourced-claim]: no ledger claim or linked source supports this sentence
    12 | Rain fell in 東京 and 🌾 fields. Kazakhstan harvested 26 million tonnes of grain in 2024.
       | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
       = hint: record it with `claimledger claim add '...' --source ID --quote '...'`, link a ledger source, or exempt it with `<!-- claimledger-ignore: REASON -->`

    wrapped.md:12:31: error[unsourced-claim]: no ledger claim or linked source supports this sentence
    12 | Rain fell in 東京 and 🌾 fields. Kazakhstan harvested 26 million tonnes of grain in 2024.
       |                                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
       = hint: record it with `claimledger claim add '...' --source ID --quote '...'`, link a ledger source, or exempt it with `<!-- claimledger-ignore: REASON -->`

    1 draft(s) checked: 5 error(s), 0 warning(s), 0 exemption(s)
    --- stderr
    ");
}

fn has_color(text: &str) -> bool {
    text.contains("\x1b[1;31m")
}

#[test]
fn colour_follows_the_flag_then_the_environment() {
    let env = Env::new();
    env.write("d.md", "Kazakhstan exported 9.3 million tonnes of wheat in 2023.\n");
    let run = |args: &[&str], vars: &[(&str, &str)]| {
        let mut cmd = env.command();
        cmd.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE").env_remove("CLICOLOR").args(args);
        for (k, v) in vars {
            cmd.env(k, v);
        }
        String::from_utf8(cmd.output().unwrap().stdout).unwrap()
    };
    // Standard output is a pipe here: auto means no colour unless forced.
    assert!(!has_color(&run(&["check", "d.md"], &[])));
    assert!(has_color(&run(&["check", "d.md"], &[("CLICOLOR_FORCE", "1")])));
    assert!(!has_color(&run(&["check", "d.md"], &[("CLICOLOR_FORCE", "0")])));
    assert!(!has_color(&run(&["check", "d.md"], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")])));
    assert!(has_color(&run(&["check", "d.md", "--color", "always"], &[("NO_COLOR", "1")])));
    assert!(!has_color(&run(&["--color", "never", "check", "d.md"], &[("CLICOLOR_FORCE", "1")])));
    // Colour is only ever our own: the draft's text stays escaped.
    env.write("e.md", "Exports \x1b[32mrose\x1b[0m 12 percent in 2024.\n");
    let coloured = run(&["check", "e.md", "--color", "always"], &[]);
    assert!(coloured.contains("Exports \\x1b[32mrose\\x1b[0m 12 percent"), "{coloured}");
}

#[test]
fn quiet_prints_findings_and_errors_only() {
    let env = Env::new();
    let seed = env.seeded();
    env.write("d.md", "Kazakhstan exported 9.3 million tonnes of wheat in 2023.\n");
    let run = env.run(&["check", "-q", "d.md"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.starts_with("d.md:1:1: error[unsourced-claim]"), "{}", run.stdout);
    assert!(!run.stdout.contains("draft(s) checked"), "{}", run.stdout);
    // A note ("already in the ledger") and a warning (a restatement) are dropped; the id is what was asked for.
    let again = env.run(&["-q", "claim", "add", "Kazakhstan has had diplomatic relations with Israel since 1992."]);
    assert_eq!(again.stdout.trim(), seed.ties);
    assert_eq!(again.stderr, "");
    // Errors are never dropped.
    let bad = env.run(&["-q", "check", "absent.md"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.starts_with("error: absent.md cannot be read"), "{}", bad.stderr);
}
