//! Tests of directives in whole drafts: binding, exemptions, problems, and the comment-line pitfall.

use super::*;

#[test]
fn claim_binds_to_the_sentence_before_it() {
    let text = "Kazakhstan joined the accords. <!-- claim: 3f2a9b --> Israel welcomed it.\n\n\
                <!-- claim: ab12cd -->\n\nThe vote passed.<!--claim:77ee--><!-- claim: 88ff -->\n";
    let doc = read(text);
    assert_eq!(texts(&doc), ["Kazakhstan joined the accords.", "Israel welcomed it.", "The vote passed."]);
    let prefixes = |i: usize| doc.sentences[i].claims.iter().map(|c| c.prefix.as_str()).collect::<Vec<_>>();
    assert_eq!(prefixes(0), ["3f2a9b"]);
    assert_eq!(prefixes(1), ["ab12cd"]);
    assert_eq!(prefixes(2), ["77ee", "88ff"]);
    let marker = &doc.sentences[0].claims[0];
    assert_eq!(&text[marker.span.start..marker.span.end], "<!-- claim: 3f2a9b -->");
    assert_eq!(marker.start, pos(1, 32));
    assert!(doc.problems.is_empty());
}

#[test]
fn claim_with_nothing_before_it_is_a_problem() {
    let text = "<!-- claim: 3f2a9b -->\n\n# Title\n";
    let doc = read(text);
    assert!(doc.sentences[0].claims.is_empty());
    assert_eq!(doc.problems.len(), 1);
    assert_eq!(doc.problems[0].span, Span { start: 0, end: 22 });
    assert!(doc.problems[0].message.contains("no sentence before it"));
}

#[test]
fn ignore_exempts_the_next_sentence() {
    let text =
        "The minister spoke. <!-- claimledger-ignore: quoting the ruling --> The court ruled 5-4. Then it rose.\n\n\
                <!-- claimledger-ignore: satire -->\n\nTurnout was 110 percent.\n";
    let doc = read(text);
    let ignored: Vec<_> = doc.sentences.iter().map(|s| s.ignored.as_deref()).collect();
    assert_eq!(ignored, [None, Some("quoting the ruling"), None, Some("satire")]);
    assert_eq!(doc.exemptions.len(), 2);
    let e = &doc.exemptions[0];
    assert_eq!(e.reason, "quoting the ruling");
    assert_eq!(e.sentence.as_deref(), Some("The court ruled 5-4."));
    assert_eq!(&text[e.span.start..e.span.end], "<!-- claimledger-ignore: quoting the ruling -->");
    assert_eq!(e.start, pos(1, 21));
    assert!(doc.problems.is_empty());
}

#[test]
fn ignore_without_reason_or_without_sentence_is_a_problem() {
    let doc = read("<!-- claimledger-ignore -->\nThe vote passed.\n\nTurnout rose. <!-- claimledger-ignore: late -->");
    assert_eq!(doc.sentences[0].ignored, None);
    assert!(doc.exemptions.is_empty());
    let messages: Vec<_> = doc.problems.iter().map(|p| p.message.as_str()).collect();
    assert!(messages[0].contains("needs a reason"), "{messages:?}");
    assert!(messages[1].contains("no sentence after it"), "{messages:?}");
    assert_eq!(doc.problems[1].start, pos(4, 15));
}

#[test]
fn off_and_on_remove_a_passage() {
    let text = "Kept one.\n\n<!-- claimledger off: press release quoted verbatim -->\n\nDropped. Also dropped.\n\n\
                - Dropped item. <!-- claim: 3f2a9b -->\n\n<!-- claimledger on -->\n\nKept two. \
                <!-- claimledger off: a quote --> Dropped inline. <!-- claimledger on --> Kept three.\n";
    let doc = read(text);
    assert_eq!(texts(&doc), ["Kept one.", "Kept two.", "Kept three."]);
    assert!(doc.problems.is_empty(), "{:?}", doc.problems);
    assert_eq!(doc.exemptions.len(), 2);
    let e = &doc.exemptions[0];
    assert_eq!(e.reason, "press release quoted verbatim");
    assert_eq!(e.sentence, None);
    assert!(text[e.span.start..e.span.end].starts_with("<!-- claimledger off: press"));
    assert!(text[e.span.start..e.span.end].ends_with("<!-- claimledger on -->"));
    assert_eq!(e.start, pos(3, 1));
    assert_eq!(doc.exemptions[1].reason, "a quote");
}

#[test]
fn off_needs_a_reason_but_still_turns_the_passage_off() {
    let doc = read("Kept.\n\n<!-- claimledger off -->\n\nDropped.\n\n<!-- claimledger on -->\n");
    assert_eq!(texts(&doc), ["Kept."]);
    let messages: Vec<_> = doc.problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(
        messages,
        ["claimledger off needs a reason, as in <!-- claimledger off: the court's ruling, quoted -->"]
    );
    assert_eq!(doc.exemptions[0].reason, "");
}

#[test]
fn an_ignore_may_name_the_rules_it_exempts() {
    let doc = read("<!-- claimledger-ignore unsourced-claim, misattributed: quoted from the ruling -->\nThe first fact. The second fact.\n");
    let a = &doc.sentences[0];
    assert_eq!(a.ignored, None, "not every rule");
    assert_eq!(
        a.ignored_rules,
        [
            ("unsourced-claim".to_owned(), "quoted from the ruling".to_owned()),
            ("misattributed".to_owned(), "quoted from the ruling".to_owned())
        ]
    );
    assert!(doc.sentences[1].ignored_rules.is_empty());
    assert_eq!(doc.exemptions[0].rules, ["unsourced-claim", "misattributed"]);
}

#[test]
fn unbalanced_off_and_on_and_unknown_directives_are_problems() {
    let text = "<!-- claimledger on -->\nA. <!-- claimledger of -->\n\nKept.\n\n<!-- claimledger off -->\n\
                <!-- claimledger off -->\nDropped.\n";
    let doc = read(text);
    assert_eq!(texts(&doc), ["A.", "Kept."]);
    let messages: Vec<_> = doc.problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(messages.len(), 5, "{messages:?}");
    assert!(messages[0].contains("on without"));
    assert!(messages[1].contains("unknown claimledger directive"));
    assert!(messages[2].contains("off needs a reason"));
    assert!(messages[3].contains("off without a claimledger on"));
    assert!(messages[4].contains("already off"));
    assert_eq!(doc.problems[1].start, pos(2, 4));
    assert_eq!(doc.exemptions.len(), 1);
    assert_eq!(doc.exemptions[0].span.end, text.len());
}

#[test]
fn text_after_a_comment_at_the_start_of_a_line_is_prose() {
    // CommonMark makes this line an HTML block, but a browser shows the text after the comment.
    let text = "Intro line.\n\n<!-- claimledger-ignore: rumour --> Astana &amp; Riyadh *may* sign. Officials agreed. \
                <!-- claim: 3f2a9b -->\nNext paragraph.\n\n> <!-- note --> Quoted text.\n";
    let doc = read(text);
    assert_eq!(
        texts(&doc),
        ["Intro line.", "Astana & Riyadh *may* sign.", "Officials agreed.", "Next paragraph.", "Quoted text."]
    );
    let s = &doc.sentences;
    assert_eq!(s[1].ignored.as_deref(), Some("rumour"));
    assert_eq!(source(text, &s[1]), "Astana &amp; Riyadh *may* sign.");
    assert_eq!((s[1].start, s[2].end), (pos(3, 37), pos(3, 86)));
    assert_eq!(s[2].claims[0].prefix, "3f2a9b");
    assert_eq!(s[4].context, BlockKind::BlockQuote);
    assert_eq!(s[4].start, pos(6, 17));
}

#[test]
fn directives_in_code_are_not_directives() {
    let doc = read("```\n<!-- claimledger off -->\n```\n\nKept. `<!-- claim: ab -->`\n");
    assert_eq!(texts(&doc), ["Kept."]);
    assert!(doc.problems.is_empty() && doc.sentences[0].claims.is_empty());
}

#[test]
fn multi_line_comments_inside_paragraphs_and_blocks() {
    let doc = read("The vote passed. <!-- claim:\n  3f2a9b -->\n\n<!--\nclaimledger off\n-->\nGone.\n");
    assert_eq!(texts(&doc), ["The vote passed."]);
    assert_eq!(doc.sentences[0].claims[0].prefix, "3f2a9b");
    assert_eq!(doc.problems.len(), 2, "no reason, and no on: {:?}", doc.problems);
}

#[test]
fn a_comment_line_between_lines_of_a_paragraph() {
    // The comment line interrupts the paragraph; the marker still binds to the sentence above it.
    let text = "Kazakhstan joined the accords.\n<!-- claim: 3f2a9b -->\nIsrael welcomed it.\n";
    let doc = read(text);
    assert_eq!(texts(&doc), ["Kazakhstan joined the accords.", "Israel welcomed it."]);
    assert_eq!(doc.sentences[0].claims[0].start, pos(2, 1));
    assert!(doc.sentences[1].claims.is_empty());
}

#[test]
fn markers_inside_a_sentence_bind_to_that_sentence() {
    let text = "- The vote <!-- claim: ab12 --> passed. Turnout <!-- claimledger-ignore: estimate --> rose.\n";
    let doc = read(text);
    assert_eq!(texts(&doc), ["The vote passed.", "Turnout rose."]);
    assert_eq!(doc.sentences[0].claims[0].prefix, "ab12");
    assert_eq!(doc.sentences[1].ignored.as_deref(), Some("estimate"));
    assert_eq!(doc.sentences[1].context, BlockKind::ListItem);
}
