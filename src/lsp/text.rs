//! Open documents' text and the translation between byte offsets and LSP positions.
//!
//! The checker speaks byte offsets into UTF-8 text; LSP speaks 0-based lines and columns counted in UTF-16 code
//! units, with `\n`, `\r\n` and `\r` all ending a line. This module owns that translation and the application
//! of incremental edits. Positions past the end of a line or of the text, or inside a character, are clamped,
//! never trusted: a client's stale position must not panic the server.

use lsp_types::{Position, Range, TextDocumentContentChangeEvent};

/// Where each line starts, for one text.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset of the start of every line; the first is 0.
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                    starts.push(i + 2);
                    i += 1;
                }
                b'\r' => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        LineIndex { starts }
    }

    /// The end of line `line`'s content (before its line break), in bytes.
    fn line_end(&self, text: &str, line: usize) -> usize {
        let next = self.starts.get(line + 1).copied().unwrap_or(text.len());
        let content = &text.as_bytes()[self.starts[line]..next];
        let trim = content.iter().rev().take_while(|&&b| b == b'\n' || b == b'\r').count().min(2);
        next - trim
    }

    /// The LSP position (UTF-16 columns) of a byte offset.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let end = self.line_end(text, line);
        let column: usize = text[start..offset.min(end)].chars().map(char::len_utf16).sum();
        Position { line: line as u32, character: column as u32 }
    }

    pub fn range(&self, text: &str, start: usize, end: usize) -> Range {
        Range { start: self.position(text, start), end: self.position(text, end) }
    }

    /// The byte offset of an LSP position; a column past the line's end is its end, a line past the text's end
    /// is the end of the text, and a column inside a surrogate pair is the start of its character.
    pub fn offset(&self, text: &str, position: Position) -> usize {
        let line = position.line as usize;
        if line >= self.starts.len() {
            return text.len();
        }
        let start = self.starts[line];
        let end = self.line_end(text, line);
        let mut units = 0usize;
        for (i, c) in text[start..end].char_indices() {
            units += c.len_utf16();
            if units > position.character as usize {
                return start + i;
            }
        }
        end
    }
}

/// A document as the editor has it, whatever is on disk.
#[derive(Clone, Debug)]
pub struct Text {
    text: String,
    lines: LineIndex,
}

impl Text {
    pub fn new(text: String) -> Text {
        let lines = LineIndex::new(&text);
        Text { text, lines }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn position(&self, offset: usize) -> Position {
        self.lines.position(&self.text, offset)
    }

    pub fn range(&self, start: usize, end: usize) -> Range {
        self.lines.range(&self.text, start, end)
    }

    pub fn offset(&self, position: Position) -> usize {
        self.lines.offset(&self.text, position)
    }

    /// Applies `didChange` edits in order: a change with a range replaces that range of the text as it is after
    /// the changes before it; one without replaces the whole text.
    pub fn apply(&mut self, changes: Vec<TextDocumentContentChangeEvent>) {
        for change in changes {
            match change.range {
                None => self.text = change.text,
                Some(range) => {
                    let start = self.offset(range.start);
                    let end = self.offset(range.end).max(start);
                    self.text.replace_range(start..end, &change.text);
                }
            }
            self.lines = LineIndex::new(&self.text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    #[test]
    fn columns_count_utf16_code_units() {
        // Қ is 2 bytes and 1 unit; 🇰🇿 is two regional indicators, 4 bytes and 2 units each.
        let text = "Қазақстан 🇰🇿 joined.\nNext";
        let t = Text::new(text.into());
        let joined = text.find("joined").unwrap();
        assert_eq!(t.position(joined), pos(0, 9 + 1 + 4 + 1));
        assert_eq!(t.offset(pos(0, 15)), joined);
        assert_eq!(t.position(text.find("Next").unwrap()), pos(1, 0));
        let flag = text.find('🇰').unwrap();
        assert_eq!(t.position(flag + 4), pos(0, 12), "the second indicator starts after two units");
        // A column inside a surrogate pair is the start of its character, never a broken offset.
        assert_eq!(t.offset(pos(0, 11)), flag);
    }

    #[test]
    fn every_line_break_ends_a_line_and_positions_clamp() {
        let text = "a\r\nbé\rc\nd";
        let t = Text::new(text.into());
        assert_eq!(t.position(text.find('b').unwrap()), pos(1, 0));
        assert_eq!(t.position(text.find('c').unwrap()), pos(2, 0));
        assert_eq!(t.position(text.find('d').unwrap()), pos(3, 0));
        assert_eq!(t.offset(pos(1, 99)), 6, "past the end of a line is its end");
        assert_eq!(t.offset(pos(99, 0)), text.len());
        assert_eq!(t.position(999), pos(3, 1));
        // Inside the two bytes of é: the position of its start.
        assert_eq!(t.position(text.find('é').unwrap() + 1), pos(1, 1));
    }

    #[test]
    fn incremental_edits_apply_in_order() {
        let mut t = Text::new("Қазақстан is big.\nIt has 20 million people 😀.\n".into());
        let change = |l1, c1, l2, c2, s: &str| TextDocumentContentChangeEvent {
            range: Some(Range { start: pos(l1, c1), end: pos(l2, c2) }),
            range_length: None,
            text: s.into(),
        };
        t.apply(vec![change(1, 7, 1, 9, "twenty"), change(1, 31, 1, 31, "!"), change(0, 0, 0, 0, "> ")]);
        assert_eq!(t.as_str(), "> Қазақстан is big.\nIt has twenty million people 😀!.\n");
        t.apply(vec![TextDocumentContentChangeEvent { range: None, range_length: None, text: "new".into() }]);
        assert_eq!(t.as_str(), "new");
        // A stale range past the end is clamped, not a panic.
        t.apply(vec![change(5, 3, 9, 0, "!")]);
        assert_eq!(t.as_str(), "new!");
    }
}
