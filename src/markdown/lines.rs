//! Byte offsets to 1-based line and column positions.
//!
//! Owns the line-start table of one text and the conversion of a byte offset into a [`Position`]; it knows
//! nothing about Markdown. Lines end at `\n`, `\r\n` or a lone `\r` (as in CommonMark), and a column counts
//! Unicode code points from the line start, so a combining mark or one half of an emoji sequence is a column
//! of its own. The invariant: every byte offset, even one past the end or inside a character, yields a
//! position without panicking (offsets are clamped and rounded down to a character boundary).

use super::Position;

/// A line-start table with a cursor, so that positions asked for in document order cost time proportional to
/// the distance travelled instead of the length of the line (one 10 MB line with many sentences stays linear).
pub(super) struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    cursor: Cursor,
}

#[derive(Clone, Copy)]
struct Cursor {
    line: usize,
    byte: usize,
    column: usize,
}

impl<'a> LineIndex<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        LineIndex { text, starts, cursor: Cursor { line: 0, byte: 0, column: 1 } }
    }

    pub(super) fn position(&mut self, byte: usize) -> Position {
        let mut byte = byte.min(self.text.len());
        while !self.text.is_char_boundary(byte) {
            byte -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= byte) - 1;
        let (from, column) = if line == self.cursor.line && byte >= self.cursor.byte {
            (self.cursor.byte, self.cursor.column)
        } else {
            (self.starts[line], 1)
        };
        let column = column + self.text[from..byte].chars().count();
        self.cursor = Cursor { line, byte, column };
        Position { line: line + 1, column }
    }
}

/// The position of `byte`, counted on from the known position of `from_byte` (which must not be after it);
/// linear in the distance.
pub(super) fn position_after(text: &str, from_byte: usize, from: Position, byte: usize) -> Position {
    let mut byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    if from_byte > byte || !text.is_char_boundary(from_byte) {
        return position_of(text, byte);
    }
    let bytes = text.as_bytes();
    let (mut line, mut start) = (from.line, None);
    for (i, &b) in bytes[from_byte..byte].iter().enumerate() {
        let i = from_byte + i;
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            line += 1;
            start = Some(i + 1);
        }
    }
    match start {
        Some(start) => Position { line, column: text[start..byte].chars().count() + 1 },
        None => Position { line, column: from.column + text[from_byte..byte].chars().count() },
    }
}

/// One position without a table: linear in `byte`.
pub(super) fn position_of(text: &str, byte: usize) -> Position {
    let mut byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    let head = &text.as_bytes()[..byte];
    let mut line = 1;
    let mut start = 0;
    for (i, &b) in head.iter().enumerate() {
        if b == b'\n' || (b == b'\r' && text.as_bytes().get(i + 1) != Some(&b'\n')) {
            line += 1;
            start = i + 1;
        }
    }
    Position { line, column: text[start..byte].chars().count() + 1 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: usize, column: usize) -> Position {
        Position { line, column }
    }

    #[test]
    fn counts_lines_for_every_kind_of_line_ending() {
        let text = "ab\ncd\r\nef\rgh";
        let mut index = LineIndex::new(text);
        assert_eq!(index.position(0), pos(1, 1));
        assert_eq!(index.position(2), pos(1, 3));
        assert_eq!(index.position(3), pos(2, 1));
        assert_eq!(index.position(5), pos(2, 3));
        assert_eq!(index.position(7), pos(3, 1));
        assert_eq!(index.position(10), pos(4, 1));
        assert_eq!(index.position(12), pos(4, 3));
    }

    #[test]
    fn columns_count_code_points_not_bytes() {
        // "é" as e + combining acute, an emoji family joined by ZWJs, and Hebrew letters.
        let text = "e\u{301}x 👨\u{200d}👩\u{200d}👧 שלום z";
        let mut index = LineIndex::new(text);
        let z = text.find('z').unwrap();
        let expected = text[..z].chars().count() + 1;
        assert_eq!(index.position(z), pos(1, expected));
        assert_eq!(index.position(text.find('x').unwrap()), pos(1, 3));
    }

    #[test]
    fn out_of_order_and_out_of_range_offsets_do_not_panic() {
        let text = "añb\nc";
        let mut index = LineIndex::new(text);
        assert_eq!(index.position(4), pos(1, 4));
        assert_eq!(index.position(2), pos(1, 2)); // inside "ñ": rounded down
        assert_eq!(index.position(1), pos(1, 2));
        assert_eq!(index.position(99), pos(2, 2));
        assert_eq!(LineIndex::new("").position(0), pos(1, 1));
    }

    #[test]
    fn the_table_free_helper_agrees_with_the_table() {
        let text = "ab\r\nçd\re\n\nf👍g";
        let mut index = LineIndex::new(text);
        for byte in 0..=text.len() + 2 {
            assert_eq!(position_of(text, byte), index.position(byte), "at {byte}");
        }
    }
}
