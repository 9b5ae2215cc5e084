//! The fuzz targets' invariants (fuzz/targets.rs) as tests that run in CI: every committed seed, then
//! generated and mutated inputs from proptest with a fixed seed, so a run is the same on every machine. The
//! long coverage-guided runs are `cargo fuzz run TARGET` (fuzz/README.md).

use std::path::Path;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

#[path = "../../fuzz/targets.rs"]
mod targets;

/// Fixed, so that CI runs the same cases everywhere; change it to explore, never to make a failure go away.
const SEED: [u8; 32] = *b"claimledger hardening, fixed rng";

fn runner(cases: u32) -> TestRunner {
    let config = Config { cases, failure_persistence: None, ..Config::default() };
    TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &SEED))
}

fn seeds(target: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds").join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(!files.is_empty(), "no seeds in {}", dir.display());
    files.iter().map(|f| std::fs::read(f).unwrap()).collect()
}

/// Pieces of Markdown and of hostile text, glued at random: structure a byte-level generator rarely builds.
fn markdown_text() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "# ",
        "## ",
        "> ",
        "- ",
        "1. ",
        "  ",
        "\n",
        "\n\n",
        "\r\n",
        "\t",
        "`",
        "```\n",
        "~~~",
        "|",
        "| --- |",
        "*",
        "_",
        "[",
        "]",
        "(",
        ")",
        "](https://example.org/a)",
        "<https://e.org/x>",
        "![i](p.png)",
        "<!-- ",
        " -->",
        "<!-- claim: 3f2a9b -->",
        "<!-- claimledger-ignore: quoted -->",
        "<!-- claimledger-ignore -->",
        "<!-- claimledger off -->",
        "<!-- claimledger on -->",
        "<b>",
        "</b>",
        "&amp;",
        "&#x1b;",
        "\\",
        "---\n",
        "+++\n",
        "Kazakhstan",
        " exported ",
        "12",
        " percent",
        " in 2024",
        ". ",
        "? ",
        "! ",
        "U.S.",
        "Jan.",
        "Dr.",
        "東京",
        "の人口は",
        "。",
        "🌾",
        "👨\u{200d}👩\u{200d}👧",
        "e\u{301}",
        "\u{202e}",
        "\u{2066}",
        "\x1b[2J",
        "\x07",
        "\u{9b}",
        "\0",
        "\u{feff}",
        "\u{a0}",
        "\u{2028}",
    ]);
    prop::collection::vec(piece, 0..120).prop_map(|v| v.concat())
}

#[test]
fn markdown_reader_and_human_printer() {
    for seed in seeds("markdown") {
        targets::markdown(&seed);
    }
    let mut runner = runner(3000);
    runner
        .run(&markdown_text(), |text| {
            targets::markdown(text.as_bytes());
            Ok(())
        })
        .unwrap();
    runner
        .run(&any::<String>(), |text| {
            targets::markdown(text.as_bytes());
            Ok(())
        })
        .unwrap();
}

/// A seed with a few bytes replaced, removed or repeated.
fn mutated(seeds: Vec<Vec<u8>>) -> impl Strategy<Value = Vec<u8>> {
    let edits = prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, any::<u8>()), 1..6);
    (prop::sample::select(seeds), edits).prop_map(|(mut bytes, edits)| {
        for (at, op, byte) in edits {
            if bytes.is_empty() {
                bytes.push(byte);
                continue;
            }
            let i = at.index(bytes.len());
            match op {
                0 => bytes[i] = byte,
                1 => {
                    bytes.remove(i);
                }
                _ => {
                    let b = bytes[i];
                    bytes.insert(i, b);
                }
            }
        }
        bytes
    })
}

#[test]
fn record_parser_and_normalisation() {
    let seeds = seeds("record");
    for seed in &seeds {
        targets::record(seed);
    }
    let mut runner = runner(4000);
    runner
        .run(&mutated(seeds), |bytes| {
            targets::record(&bytes);
            Ok(())
        })
        .unwrap();
    let url_like = (
        "(?i)(https?|ftp|javascript)",
        "(:|://|:///|:\\\\\\\\)",
        "[a-zA-Z0-9.:@%\\[\\]_~-]{0,20}",
        "[/?#&=a-z0-9%\\t\\n ]{0,20}",
    )
        .prop_map(|(a, b, c, d)| format!("{a}{b}{c}{d}"));
    runner
        .run(&url_like, |url| {
            targets::record(url.as_bytes());
            Ok(())
        })
        .unwrap();
}

#[test]
fn export_reader() {
    let seeds = seeds("export_reader");
    for seed in &seeds {
        targets::export_reader(seed);
    }
    // Whole lines dropped, repeated or swapped keep every line well formed: only the header check can tell.
    let example = seeds[0].clone();
    let lines: Vec<Vec<u8>> = example.split_inclusive(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
    let n = lines.len();
    let edits = prop::collection::vec((1..n, 1..n, 0u8..3), 1..4);
    let mut runner = runner(2000);
    runner
        .run(&edits, |edits| {
            let mut ls = lines.clone();
            for (a, b, op) in edits {
                let (a, b) = (a.min(ls.len() - 1).max(1), b.min(ls.len() - 1).max(1));
                match op {
                    0 if ls.len() > 2 => {
                        ls.remove(a);
                    }
                    1 => {
                        let l = ls[a].clone();
                        ls.insert(b, l);
                    }
                    _ => ls.swap(a, b),
                }
            }
            let bytes = ls.concat();
            targets::export_reader(&bytes);
            if bytes != example {
                // Any change to the set or order of the lines is caught by the header, the order or the digest.
                assert!(claimledger::export::check_export_bytes(&bytes).is_err(), "an edited export was accepted");
            }
            Ok(())
        })
        .unwrap();
    runner
        .run(&mutated(seeds), |bytes| {
            targets::export_reader(&bytes);
            Ok(())
        })
        .unwrap();
}
