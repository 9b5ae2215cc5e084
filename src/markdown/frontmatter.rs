//! Front matter at the very start of a draft.
//!
//! Owns one decision: where the Markdown body starts. A YAML block (`---` ... `---` or `...`) or a TOML block
//! (`+++` ... `+++`) counts as front matter only when its opening fence is the first line of the file, after
//! an optional UTF-8 byte order mark, and only when a closing fence follows; anything else is left to the
//! Markdown parser (a `---` later in the draft is a thematic break or a setext underline, never metadata).
//! The invariant: the returned offset is a character boundary in `text`, at most `text.len()`.

const BOM: &str = "\u{feff}";

/// The byte offset where the Markdown body starts: after the byte order mark and the front matter, if any.
pub(super) fn body_start(text: &str) -> usize {
    let start = if text.starts_with(BOM) { BOM.len() } else { 0 };
    let mut lines = Lines { text, at: start };
    let Some(first) = lines.next() else { return start };
    let closers: &[&str] = match fence(first.content) {
        "---" => &["---", "..."],
        "+++" => &["+++"],
        _ => return start,
    };
    if !first.ended {
        return start;
    }
    for line in lines {
        if closers.contains(&fence(line.content)) {
            return line.end;
        }
    }
    start
}

/// A fence line may carry trailing spaces or tabs, nothing else.
fn fence(line: &str) -> &str {
    line.trim_end_matches([' ', '\t'])
}

struct Line<'a> {
    content: &'a str,
    /// Offset after the line ending.
    end: usize,
    /// Whether a line ending (not the end of the text) closed the line.
    ended: bool,
}

struct Lines<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Iterator for Lines<'a> {
    type Item = Line<'a>;

    fn next(&mut self) -> Option<Line<'a>> {
        if self.at >= self.text.len() {
            return None;
        }
        let rest = &self.text[self.at..];
        let (content, ending) = match rest.find(['\n', '\r']) {
            Some(i) if rest[i..].starts_with("\r\n") => (&rest[..i], 2),
            Some(i) => (&rest[..i], 1),
            None => (rest, 0),
        };
        self.at += content.len() + ending;
        Some(Line { content, end: self.at, ended: ending > 0 })
    }
}

#[cfg(test)]
mod tests {
    use super::body_start;

    #[test]
    fn yaml_and_toml_at_the_start_are_skipped() {
        let yaml = "---\ntitle: Budget vote\n---\nThe body.";
        assert_eq!(&yaml[body_start(yaml)..], "The body.");
        let dots = "---\ntitle: x\n...\nBody.";
        assert_eq!(&dots[body_start(dots)..], "Body.");
        let toml = "+++\ntitle = \"x\"\n+++  \r\nBody.";
        assert_eq!(&toml[body_start(toml)..], "Body.");
        let at_end = "---\ntitle: x\n---";
        assert_eq!(body_start(at_end), at_end.len());
    }

    #[test]
    fn a_byte_order_mark_is_skipped_with_or_without_front_matter() {
        assert_eq!(body_start("\u{feff}Hello."), 3);
        let text = "\u{feff}---\na: 1\n---\nHello.";
        assert_eq!(&text[body_start(text)..], "Hello.");
    }

    #[test]
    fn fences_elsewhere_or_unclosed_are_not_front_matter() {
        assert_eq!(body_start("Intro.\n---\na: 1\n---\n"), 0);
        assert_eq!(body_start("\n---\na: 1\n---\n"), 0);
        assert_eq!(body_start("---\nno closing fence\n"), 0);
        assert_eq!(body_start("---"), 0);
        assert_eq!(body_start("----\na\n----\n"), 0);
        assert_eq!(body_start("--- \na: 1\n+++\n"), 0);
        assert_eq!(body_start(""), 0);
    }
}
