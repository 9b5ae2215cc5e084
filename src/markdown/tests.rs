//! Tests of [`extract`](super::extract) on whole drafts: what is prose, spans and positions, links.
//! Directives and hostile input have their own files.

mod directives;
mod hostile;

use super::*;

/// Extracts and checks the invariants every sentence must keep.
#[track_caller]
pub(super) fn read(text: &str) -> Document {
    let doc = extract(text);
    let n = doc.sentences.len();
    for (i, s) in doc.sentences.iter().enumerate() {
        assert!(s.span.start < s.span.end && s.span.end <= text.len(), "{s:?}");
        assert!(text.is_char_boundary(s.span.start) && text.is_char_boundary(s.span.end), "{s:?}");
        // `position_of` reads from the start each time: on big drafts, check a sample only.
        if text.len() < 100_000 || i < 10 || i + 10 > n {
            assert_eq!(s.start, position_of(text, s.span.start), "{s:?}");
            assert_eq!(s.end, position_of(text, s.span.end), "{s:?}");
        }
        assert!(!s.text.starts_with(' ') && !s.text.ends_with(' ') && !s.text.contains("  "), "{s:?}");
        assert_eq!(s.map.source_span(0..s.text.len()), s.span, "the map covers the sentence: {s:?}");
    }
    doc
}

pub(super) fn texts(doc: &Document) -> Vec<&str> {
    doc.sentences.iter().map(|s| s.text.as_str()).collect()
}

pub(super) fn pos(line: usize, column: usize) -> Position {
    Position { line, column }
}

/// The source that a sentence's span covers.
pub(super) fn source<'a>(text: &'a str, s: &Sentence) -> &'a str {
    &text[s.span.start..s.span.end]
}

#[test]
fn empty_and_blank_drafts_have_no_sentences() {
    assert_eq!(read(""), Document::default());
    assert_eq!(read("\n\n  \r\n"), Document::default());
    assert_eq!(read("\u{feff}"), Document::default());
}

#[test]
fn multi_line_paragraph_with_positions() {
    let text = "Kazakhstan joined the Abraham Accords\nin Nov. 2025. Israel welcomed the move.\n";
    let doc = read(text);
    assert_eq!(texts(&doc), ["Kazakhstan joined the Abraham Accords in Nov. 2025.", "Israel welcomed the move."]);
    let [first, second] = &doc.sentences[..] else { panic!() };
    assert_eq!(source(text, first), "Kazakhstan joined the Abraham Accords\nin Nov. 2025.");
    assert_eq!((first.start, first.end), (pos(1, 1), pos(2, 14)));
    assert_eq!((second.start, second.end), (pos(2, 15), pos(2, 40)));
    assert_eq!(first.context, BlockKind::Paragraph);
}

#[test]
fn sentences_never_cross_blocks() {
    let text =
        "# Budget vote in Astana\n\nThe budget passed\n\nwith 61 votes\n- First reading in May\n- Second reading\n";
    let doc = read(text);
    assert_eq!(
        texts(&doc),
        ["Budget vote in Astana", "The budget passed", "with 61 votes", "First reading in May", "Second reading"]
    );
    let kinds: Vec<_> = doc.sentences.iter().map(|s| s.context).collect();
    use BlockKind::*;
    assert_eq!(kinds, [Heading(1), Paragraph, Paragraph, ListItem, ListItem]);
}

#[test]
fn front_matter_only_at_the_start() {
    let text = "---\ntitle: Accords\ndate: 2026-01-05\n---\nKazakhstan signed on Monday.\n";
    let doc = read(text);
    assert_eq!(texts(&doc), ["Kazakhstan signed on Monday."]);
    assert_eq!(doc.sentences[0].start, pos(5, 1));

    let bom = "\u{feff}+++\ntitle = \"Accords\"\n+++\r\nThe vote passed.";
    assert_eq!(read(bom).sentences[0].start, pos(4, 1));

    // In the middle, `---` is a thematic break and the text between stays prose.
    let middle = "The vote passed.\n\n---\ntitle: not metadata\n---\n\nTurnout was high.\n";
    let doc = read(middle);
    assert_eq!(texts(&doc), ["The vote passed.", "title: not metadata", "Turnout was high."]);
    assert_eq!(doc.sentences[1].context, BlockKind::Heading(2));
    assert_eq!(doc.sentences[1].start, pos(4, 1));
}

#[test]
fn entities_escapes_and_emphasis_keep_columns() {
    let text = "Tom &amp; Jerry Ltd \\*really\\* grew *by* **3.5 percent**. Ask&nbsp;&#x41;gain!";
    let doc = read(text);
    assert_eq!(texts(&doc), ["Tom & Jerry Ltd *really* grew by 3.5 percent.", "Ask Again!"]);
    let [first, second] = &doc.sentences[..] else { panic!() };
    assert_eq!(source(text, first), "Tom &amp; Jerry Ltd \\*really\\* grew *by* **3.5 percent**.");
    assert_eq!(source(text, second), "Ask&nbsp;&#x41;gain!");
    assert_eq!(second.start, pos(1, text.find("Ask").unwrap() + 1));
    assert_eq!(second.end, pos(1, text.len() + 1));
    // A sentence that starts with an entity starts at the entity.
    let quoted = "&ldquo;Yes,&rdquo; she said.";
    let doc = read(quoted);
    assert_eq!(texts(&doc), ["\u{201c}Yes,\u{201d} she said."]);
    assert_eq!(doc.sentences[0].span, Span { start: 0, end: quoted.len() });
    // An entity that decodes to the last character of its own spelling still maps to the whole entity.
    let semicolon = "Astana agreed&#59; Riyadh waited.";
    assert_eq!(source(semicolon, &read(semicolon).sentences[0]), semicolon);
}

#[test]
fn unicode_columns_count_code_points() {
    let text = "Cafe\u{301} owners 👨\u{200d}👩\u{200d}👧 cheered. אלמטי voted. Done.";
    let doc = read(text);
    assert_eq!(doc.sentences.len(), 3);
    let done = text.find("Done").unwrap();
    assert_eq!(doc.sentences[2].start, pos(1, text[..done].chars().count() + 1));
    assert_eq!(source(text, &doc.sentences[1]), "אלמטי voted.");
}

#[test]
fn block_quotes_lists_and_tables() {
    let text = "> The envoy said\n> talks went well. Both sides agreed.\n>\n> - Nested point one.\n\n\
                1. First item.\n   Still first.\n2. Second item.\n   - Deeper item.\n\n\
                | Year | Budget |\n|------|--------|\n| 2025 | $1.2 billion \\| est. |\n";
    let doc = read(text);
    assert_eq!(
        texts(&doc),
        [
            "The envoy said talks went well.",
            "Both sides agreed.",
            "Nested point one.",
            "First item.",
            "Still first.",
            "Second item.",
            "Deeper item.",
            "Year",
            "Budget",
            "2025",
            "$1.2 billion | est."
        ]
    );
    use BlockKind::*;
    let kinds: Vec<_> = doc.sentences.iter().map(|s| s.context).collect();
    assert_eq!(
        kinds,
        [
            BlockQuote, BlockQuote, ListItem, ListItem, ListItem, ListItem, ListItem, TableCell, TableCell, TableCell,
            TableCell
        ]
    );
    let s = &doc.sentences;
    assert_eq!(source(text, &s[0]), "The envoy said\n> talks went well.");
    assert_eq!((s[0].start, s[0].end), (pos(1, 3), pos(2, 19)));
    assert_eq!((s[2].start, s[4].start), (pos(4, 5), pos(7, 4)));
    assert_eq!(source(text, &s[10]), "$1.2 billion \\| est.");
    assert_eq!(s[10].start, pos(13, 10));
}

#[test]
fn crlf_line_endings() {
    let text = "The vote\r\npassed. Turnout\r\nrose.\r\n\r\n## Results\r\n";
    let doc = read(text);
    assert_eq!(texts(&doc), ["The vote passed.", "Turnout rose.", "Results"]);
    let s = &doc.sentences;
    assert_eq!((s[0].start, s[0].end), (pos(1, 1), pos(2, 8)));
    assert_eq!((s[1].start, s[1].end), (pos(2, 9), pos(3, 6)));
    assert_eq!(s[2].start, pos(5, 4));
}

#[test]
fn code_raw_html_and_images_are_not_prose() {
    let text = "Run `tally --all` before noon. The <span>count</span> took `x`.\n\n\
                ```\nNot. Prose. Here.\n```\n\n    Indented. Code.\n\n<div>\nHidden. Block.\n</div>\n\n\
                The chart ![Turnout rose 5%](chart.png) shows it.";
    let doc = read(text);
    assert_eq!(texts(&doc), ["Run before noon.", "The count took.", "The chart shows it."]);
    assert_eq!(source(text, &doc.sentences[1]), "The <span>count</span> took `x`.");
}

#[test]
fn links_and_their_sentences() {
    let text = "Astana [confirmed](https://gov.kz/a \"title\") it. See [the report][r] and \
                <https://example.org/b>.\n\n[r]: https://example.org/report\n";
    let doc = read(text);
    assert_eq!(texts(&doc), ["Astana confirmed it.", "See the report and."]);
    let urls = |i: usize| doc.sentences[i].links.iter().map(|l| l.url.as_str()).collect::<Vec<_>>();
    assert_eq!(urls(0), ["https://gov.kz/a"]);
    assert_eq!(urls(1), ["https://example.org/report", "https://example.org/b"]);
    let l = &doc.sentences[1].links[1];
    assert_eq!(&text[l.span.start..l.span.end], "<https://example.org/b>");
    let l = &doc.sentences[0].links[0];
    assert_eq!(&text[l.span.start..l.span.end], "[confirmed](https://gov.kz/a \"title\")");

    // Link text that spans two sentences belongs to both; a bare URL is not a link.
    let doc = read("[Kazakhstan joined. Israel agreed.](https://a.example) See https://b.example now.");
    assert_eq!(doc.sentences.iter().map(|s| s.links.len()).collect::<Vec<_>>(), [1, 1, 0]);
}

#[test]
fn footnotes_strikethrough_and_task_lists() {
    let text = "Growth hit 5%[^1]. It was ~~4%~~ revised.\n\n- [x] Budget passed.\n\n[^1]: Ministry figures.\n";
    let doc = read(text);
    assert_eq!(texts(&doc), ["Growth hit 5%.", "It was 4% revised.", "Budget passed.", "Ministry figures."]);
    assert_eq!(doc.sentences[2].start, pos(3, 7));
}

#[test]
fn serialises_to_json() {
    let doc = read("# Title\n\nThe vote passed. <!-- claim: ab12 -->\n");
    let json = serde_json::to_value(&doc).unwrap();
    assert_eq!(json["sentences"][0]["context"], serde_json::json!({"Heading": 1}));
    assert_eq!(json["sentences"][1]["context"], "Paragraph");
    assert_eq!(json["sentences"][1]["claims"][0]["start"], serde_json::json!({"line": 3, "column": 18}));
    assert_eq!(json["sentences"][1]["span"], serde_json::json!({"start": 9, "end": 25}));
}

#[test]
fn parts_of_a_sentence_map_to_where_they_were_written() {
    let text =
        "Intro.\n\nThe *old* bridge opened in [2000](https://x.org/a),\nand A &amp; B **met** in\n`code` Malmö.\n";
    let doc = read(text);
    let s = &doc.sentences[1];
    assert_eq!(s.text, "The old bridge opened in 2000, and A & B met in Malmö.");
    let part = |p: &str| {
        let start = s.text.find(p).unwrap();
        let span = s.map.source_span(start..start + p.len());
        &text[span.start..span.end]
    };
    assert_eq!(part("old bridge"), "old* bridge");
    assert_eq!(part("opened in 2000"), "opened in [2000");
    assert_eq!(part("A & B met"), "A &amp; B **met");
    assert_eq!(part("Malmö."), "Malmö.");
    assert_eq!(part("&"), "&amp;");
    let at = s.map.source_span(s.text.find("A &").unwrap()..s.text.len()).start;
    assert_eq!(position_after(text, s.span.start, s.start, at), position_of(text, at));
    assert_eq!(position_after(text, s.span.start, s.start, at), pos(4, 5));
    assert_eq!(position_after(text, s.span.start, s.start, s.span.end), s.end);
}
