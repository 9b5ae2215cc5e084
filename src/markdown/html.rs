//! Raw HTML as a browser shows it: comments found, tags dropped, character references decoded.
//!
//! Owns the small HTML reading that CommonMark leaves to the browser: the lines of an HTML block are passed
//! through raw, so the comments in them (where directives live) and, for a block that opens with a comment,
//! the text after it are read here. It does not decide which HTML is prose (the block walker does) and does
//! not parse HTML beyond comments, tags and character references. The invariant: every comment and every
//! piece of text keeps the exact source offset of its first byte.

use super::blocks::CommentAt;
use super::prose::Prose;
use super::Span;

/// Whether an inline HTML tag breaks the line (`<br>`, `<br/>`, `<BR />`).
pub(super) fn is_line_break(tag: &str) -> bool {
    let name = tag.strip_prefix('<').unwrap_or("").trim_start_matches('/');
    let name = name.trim_end_matches('>').trim_end_matches('/').trim();
    name.eq_ignore_ascii_case("br")
}

/// Reads the lines of an HTML block (each with its source offset): comments go to `comments`, and when
/// `keep_text` is set, the text outside comments and tags goes to `prose`.
pub(super) fn read_block(lines: &[(&str, usize)], keep_text: bool, prose: &mut Prose, comments: &mut Vec<CommentAt>) {
    let mut open: Option<(String, usize)> = None;
    let mut last_end = 0;
    for &(line, src) in lines {
        let mut i = 0;
        last_end = src + line.len();
        while i < line.len() {
            if let Some((body, start)) = &mut open {
                match line[i..].find("-->") {
                    Some(p) => {
                        body.push_str(&line[i..i + p]);
                        let span = Span { start: *start, end: src + i + p + 3 };
                        comments.push(CommentAt { body: std::mem::take(body), span, at: prose.len() });
                        open = None;
                        i += p + 3;
                    }
                    None => {
                        body.push_str(&line[i..]);
                        i = line.len();
                    }
                }
                continue;
            }
            let p = line[i..].find("<!--").map_or(line.len(), |p| i + p);
            if keep_text {
                push_text(&line[i..p], src + i, prose);
            }
            if p == line.len() {
                break;
            }
            // `<!-->` and `<!--->` are complete (empty) comments in HTML.
            let rest = &line[p + 4..];
            if let Some(empty) = [">", "->"].iter().find(|e| rest.starts_with(**e)) {
                let end = p + 4 + empty.len();
                let span = Span { start: src + p, end: src + end };
                comments.push(CommentAt { body: String::new(), span, at: prose.len() });
                i = end;
            } else {
                open = Some((String::new(), src + p));
                i = p + 4;
            }
        }
    }
    if let Some((body, start)) = open {
        // An unclosed comment hides the rest of the block, as it does in a browser.
        comments.push(CommentAt { body, span: Span { start, end: last_end }, at: prose.len() });
    }
}

/// Text between comments: tags dropped (a `<br>` becomes a space), character references decoded.
fn push_text(s: &str, src: usize, prose: &mut Prose) {
    let bytes = s.as_bytes();
    // Past the last `>` no tag can close; checking this keeps a line full of `<` linear.
    let last_close = s.rfind('>');
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        let skip = match bytes[i] {
            b'<' if last_close.is_some_and(|c| c > i)
                && bytes.get(i + 1).is_some_and(|b| b.is_ascii_alphabetic() || b"/!?".contains(b)) =>
            {
                s[i..].find('>').map(|e| (e + 1, None))
            }
            b'&' => reference(&s[i..]).map(|(len, c)| (len, Some(c))),
            _ => None,
        };
        let Some((len, decoded)) = skip else {
            i += 1;
            continue;
        };
        prose.push_source(&s[run..i], src + run);
        let range = src + i..src + i + len;
        match decoded {
            Some(c) => prose.push_replacement(c.encode_utf8(&mut [0; 4]), range),
            None if is_line_break(&s[i..i + len]) => prose.push_space(range),
            None => {}
        }
        i += len;
        run = i;
    }
    prose.push_source(&s[run..], src + run);
}

/// A character reference at the start of `s`: its length and the character it stands for. Only numeric
/// references and the named ones that news copy uses are known; others stay as written.
fn reference(s: &str) -> Option<(usize, char)> {
    let end = s.bytes().take(34).position(|b| b == b';')?;
    let name = &s[1..end];
    let c = if let Some(num) = name.strip_prefix('#') {
        let value = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        char::from_u32(value).filter(|&c| c != '\0').unwrap_or('\u{fffd}')
    } else {
        match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" => '\u{a0}',
            "ndash" => '\u{2013}',
            "mdash" => '\u{2014}',
            "hellip" => '\u{2026}',
            "lsquo" => '\u{2018}',
            "rsquo" => '\u{2019}',
            "ldquo" => '\u{201c}',
            "rdquo" => '\u{201d}',
            "euro" => '\u{20ac}',
            "pound" => '\u{a3}',
            "copy" => '\u{a9}',
            _ => return None,
        }
    };
    Some((end + 1, c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(lines: &[(&str, usize)], keep: bool) -> (String, Vec<(String, Span, usize)>) {
        let mut prose = Prose::default();
        let mut comments = Vec::new();
        read_block(lines, keep, &mut prose, &mut comments);
        (prose.text().to_string(), comments.into_iter().map(|c| (c.body, c.span, c.at)).collect())
    }

    #[test]
    fn text_after_a_comment_is_read_with_tags_and_references_resolved() {
        let line = "<!-- claim: ab12 --> Astana <b>agreed</b> &amp; signed.<br>Done &#8212; <!---> x";
        let (text, comments) = read(&[(line, 10)], true);
        assert_eq!(text, "Astana agreed & signed. Done \u{2014} x");
        assert_eq!(comments[0], (" claim: ab12 ".to_string(), Span { start: 10, end: 30 }, 0));
        assert_eq!(comments[1].0, "");
        assert_eq!(comments[1].2, "Astana agreed & signed. Done \u{2014} ".len());
    }

    #[test]
    fn comments_span_lines_and_other_blocks_keep_no_text() {
        let (text, comments) = read(&[("<div>x <!-- claimledger\n", 0), ("off --> y</div>", 30)], false);
        assert_eq!(text, "");
        assert_eq!(comments, vec![(" claimledger\noff ".to_string(), Span { start: 7, end: 37 }, 0)]);
        let (_, unclosed) = read(&[("<!-- open", 5)], true);
        assert_eq!(unclosed, vec![(" open".to_string(), Span { start: 5, end: 14 }, 0)]);
    }

    #[test]
    fn references_and_line_breaks() {
        assert_eq!(reference("&#x41;rest"), Some((6, 'A')));
        assert_eq!(reference("&#0;"), Some((4, '\u{fffd}')));
        assert_eq!(reference("&bogus;"), None);
        assert_eq!(reference("& no"), None);
        assert!(is_line_break("<br>") && is_line_break("<BR />") && !is_line_break("<b>"));
    }
}
