//! Hostile drafts: huge, deeply nested, or without spaces. Nothing may panic or take quadratic time.

use std::time::{Duration, Instant};

use super::*;

/// Generous for a debug build on a shared machine; quadratic behaviour would take minutes.
const BUDGET: Duration = Duration::from_secs(20);

#[test]
fn ten_megabytes_in_linear_time() {
    let para = "The U.S. embassy in Astana opened in Jan. 2026 after talks with *Dr. Aliyeva*. Officials \
                [confirmed](https://gov.kz/a) it at 3 p.m. on Monday &amp; Tuesday. <!-- claim: 3f2a9b -->\n\n";
    let text = para.repeat(10_000_000 / para.len() + 1);
    let started = Instant::now();
    let doc = extract(&text);
    assert!(started.elapsed() < BUDGET, "took {:?}", started.elapsed());
    assert_eq!(doc.sentences.len(), 2 * (10_000_000 / para.len() + 1));
    let last = doc.sentences.last().unwrap();
    assert_eq!(last.text, "Officials confirmed it at 3 p.m. on Monday & Tuesday.");
    assert_eq!(last.claims.len(), 1);
    assert_eq!(last.start, position_of(&text, last.span.start));
}

#[test]
fn one_long_line_with_many_sentences() {
    let text = "Turnout rose by 5 percent. ".repeat(200_000);
    let started = Instant::now();
    let doc = extract(&text);
    assert!(started.elapsed() < BUDGET, "took {:?}", started.elapsed());
    assert_eq!(doc.sentences.len(), 200_000);
    assert_eq!(doc.sentences[199_999].start, pos(1, 199_999 * 27 + 1));
}

#[test]
fn a_megabyte_without_spaces() {
    let text = "x".repeat(1_000_000);
    let doc = read(&text);
    assert_eq!(doc.sentences.len(), 1);
    assert_eq!(doc.sentences[0].end, pos(1, 1_000_001));
    let dotted = "a.".repeat(500_000);
    assert_eq!(read(&dotted).sentences.len(), 1);
    let angles = "<a".repeat(200_000);
    assert_eq!(read(&format!("<!-- x --> {angles}")).sentences.len(), 1);
}

#[test]
fn deep_nesting() {
    let quotes = format!("{} Deep quote.", ">".repeat(10_000));
    let doc = read(&quotes);
    assert_eq!(texts(&doc), ["Deep quote."]);
    assert_eq!(doc.sentences[0].context, BlockKind::BlockQuote);

    let bullets = format!("{} Deep item.", "- ".repeat(10_000));
    let doc = read(&bullets);
    assert_eq!(texts(&doc), ["Deep item."]);
    assert_eq!(doc.sentences[0].start, pos(1, 20_002));

    let mut stairs = String::new();
    for depth in 0..2_000 {
        stairs.push_str(&"  ".repeat(depth));
        stairs.push_str("- Step.\n");
    }
    assert_eq!(read(&stairs).sentences.len(), 2_000);
}

#[test]
fn odd_inputs_do_not_panic() {
    let inputs = [
        "<!--",
        "<!-- claim:",
        "-->",
        "[",
        "[a](",
        "![",
        "`",
        "\\",
        "&",
        "&#xFFFFFFFF;",
        "&#0;",
        "\r",
        "\r\r\r",
        "---",
        "---\n",
        "+++\n+++",
        "\u{feff}---\n---",
        "|a|\n|-|\n|",
        "* * *",
        "> ",
        "1.",
        "- [ ]",
        "[^1]: ",
        "a\u{301}\u{301}\u{301}.",
        "\u{202e}RTL override. \u{200f}Mark.",
        "<!-- claimledger-ignore: x -->",
        "<!-- claimledger off -->",
        "<br>",
    ];
    for input in inputs {
        let _ = read(input);
        let _ = read(&format!("Lead text. {input} Trail text."));
        let _ = read(&format!("{input}\n\nAfter."));
    }
}
