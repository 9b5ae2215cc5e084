//! The reader's text of one block, with a map back to the draft.
//!
//! Owns whitespace folding and the text-to-source map; it does not know which events produced the text (that
//! is the block walker's job) nor where sentences end. The invariant: every byte of the folded text belongs
//! to exactly one piece, pieces are in text order and in source order, and a verbatim piece has the same
//! length in the text and in the source, so a text offset inside it maps to an exact source offset. Runs of
//! whitespace become one space and the text never starts with one.

use std::ops::Range;

use super::Span;

/// A block's folded text and the map from text offsets to source offsets.
#[derive(Debug, Default)]
pub(super) struct Prose {
    text: String,
    pieces: Vec<Piece>,
    /// Where dropped content (inline code, an autolink's URL, an image) left a hole: the words on either side
    /// must not run together, but a following punctuation mark must not be pushed away either.
    gap: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    text_start: usize,
    src: (usize, usize),
    /// Same bytes in text and source; otherwise the piece is a replacement (an entity, a folded space) and
    /// every text offset in it maps to the whole source range.
    verbatim: bool,
}

impl Prose {
    pub(super) fn text(&self) -> &str {
        &self.text
    }

    pub(super) fn len(&self) -> usize {
        self.text.len()
    }

    /// Text copied from the draft at `src_start`: folded, and mapped byte for byte.
    pub(super) fn push_source(&mut self, s: &str, src_start: usize) {
        let mut run_start = 0;
        let mut chars = s.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if !c.is_whitespace() {
                continue;
            }
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if !d.is_whitespace() {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
            self.push_verbatim(&s[run_start..i], src_start + run_start);
            self.push_space(src_start + i..src_start + end);
            run_start = end;
        }
        self.push_verbatim(&s[run_start..], src_start + run_start);
    }

    /// Text that stands for a different stretch of the draft, such as a decoded entity.
    pub(super) fn push_replacement(&mut self, s: &str, src: Range<usize>) {
        if s.chars().all(char::is_whitespace) {
            if !s.is_empty() {
                self.push_space(src);
            }
            return;
        }
        self.close_gap(s);
        self.pieces.push(Piece { text_start: self.text.len(), src: (src.start, src.end), verbatim: false });
        self.text.push_str(s);
    }

    /// A line break or other separator: at most one space, never at the start.
    pub(super) fn push_space(&mut self, src: Range<usize>) {
        self.gap = None;
        if self.text.is_empty() || self.text.ends_with(' ') {
            return;
        }
        self.pieces.push(Piece { text_start: self.text.len(), src: (src.start, src.end), verbatim: false });
        self.text.push(' ');
    }

    /// Content that a reader sees but that is not prose was dropped at `src`.
    pub(super) fn push_gap(&mut self, src: usize) {
        if !self.text.is_empty() && self.gap.is_none() {
            self.gap = Some(src);
        }
    }

    fn push_verbatim(&mut self, s: &str, src_start: usize) {
        if s.is_empty() {
            return;
        }
        self.close_gap(s);
        let text_start = self.text.len();
        match self.pieces.last_mut() {
            // Contiguous in both: extend, so that long plain stretches stay one piece.
            Some(last)
                if last.verbatim
                    && last.src.1 == src_start
                    && last.src.1 - last.src.0 == text_start - last.text_start =>
            {
                last.src.1 += s.len();
            }
            _ => self.pieces.push(Piece { text_start, src: (src_start, src_start + s.len()), verbatim: true }),
        }
        self.text.push_str(s);
    }

    fn close_gap(&mut self, next: &str) {
        let Some(at) = self.gap.take() else { return };
        let closes = next.chars().next().is_some_and(|c| ".,;:!?)]}%\u{2019}\u{201d}\u{bb}\u{2026}".contains(c));
        if closes && self.text.ends_with(' ') {
            // "took `x`." reads "took." rather than "took ."; the space is always a piece of its own.
            if self.pieces.last().is_some_and(|p| !p.verbatim && p.text_start == self.text.len() - 1) {
                self.pieces.pop();
                self.text.pop();
            }
        } else if !closes && !self.text.ends_with(' ') {
            self.pieces.push(Piece { text_start: self.text.len(), src: (at, at), verbatim: false });
            self.text.push(' ');
        }
    }

    /// The source range from the first byte of the character at `range.start` to the last byte of the
    /// character ending at `range.end`. `range` must be non-empty and on character boundaries.
    pub(super) fn source_span(&self, range: Range<usize>) -> Span {
        let first = &self.pieces[self.piece_at(range.start)];
        let start = if first.verbatim { first.src.0 + (range.start - first.text_start) } else { first.src.0 };
        let last = &self.pieces[self.piece_at(range.end - 1)];
        let end = if last.verbatim { last.src.0 + (range.end - last.text_start) } else { last.src.1 };
        Span { start, end: end.max(start) }
    }

    fn piece_at(&self, at: usize) -> usize {
        self.pieces.partition_point(|p| p.text_start <= at).saturating_sub(1)
    }

    /// The map of one stretch of the text (a sentence), with text offsets counted from `range.start`.
    pub(super) fn map_of(&self, range: Range<usize>) -> SourceMap {
        if range.is_empty() {
            return SourceMap::default();
        }
        let first = self.piece_at(range.start);
        let last = self.piece_at(range.end - 1);
        let pieces = self.pieces[first..=last]
            .iter()
            .map(|p| {
                let mut p = *p;
                if p.text_start < range.start {
                    // Only the first piece can start before the stretch; a verbatim one is cut to it.
                    if p.verbatim {
                        p.src.0 += range.start - p.text_start;
                    }
                    p.text_start = range.start;
                }
                p.text_start -= range.start;
                p
            })
            .collect();
        SourceMap { pieces }
    }
}

/// Where each part of a sentence's text was written in the draft: a sentence's own slice of its block's map.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceMap {
    pieces: Vec<Piece>,
}

impl SourceMap {
    /// The draft's span from the first byte of the character at `range.start` of the sentence's text to the
    /// last byte of the character ending at `range.end`, as [`super::Sentence::span`] is for the whole text.
    /// `range` must be non-empty and on character boundaries of the sentence's text.
    pub fn source_span(&self, range: Range<usize>) -> Span {
        let at = |t: usize| self.pieces.partition_point(|p| p.text_start <= t).saturating_sub(1);
        let Some(first) = self.pieces.get(at(range.start)) else { return Span { start: 0, end: 0 } };
        let start = if first.verbatim { first.src.0 + (range.start - first.text_start) } else { first.src.0 };
        let last = &self.pieces[at(range.end.max(1) - 1)];
        let end = if last.verbatim { last.src.0 + (range.end - last.text_start) } else { last.src.1 };
        Span { start, end: end.max(start) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_whitespace_and_maps_offsets() {
        let src = "  Astana  voted\t\nyes ";
        let mut prose = Prose::default();
        prose.push_source(src, 0);
        assert_eq!(prose.text(), "Astana voted yes ");
        assert_eq!(prose.source_span(0..6), Span { start: 2, end: 8 });
        assert_eq!(prose.source_span(7..16), Span { start: 10, end: 20 });
        assert_eq!(prose.source_span(6..7), Span { start: 8, end: 10 });
    }

    #[test]
    fn replacements_map_to_their_whole_source() {
        let src = "A &amp; B";
        let mut prose = Prose::default();
        prose.push_source("A ", 0);
        prose.push_replacement("&", 2..7);
        prose.push_source(" B", 7);
        assert_eq!(prose.text(), "A & B");
        assert_eq!(prose.source_span(2..3), Span { start: 2, end: 7 });
        assert_eq!(prose.source_span(0..5), Span { start: 0, end: src.len() });
        prose.push_replacement("\u{a0}", 9..15);
        assert_eq!(prose.text(), "A & B ");
    }

    #[test]
    fn gaps_separate_words_but_not_punctuation() {
        let mut prose = Prose::default();
        prose.push_source("Run", 0);
        prose.push_gap(3);
        prose.push_source("now", 8);
        prose.push_gap(11);
        prose.push_source(".", 16);
        assert_eq!(prose.text(), "Run now.");
        assert_eq!(prose.source_span(0..8), Span { start: 0, end: 17 });
        prose.push_source(" Then ", 17);
        prose.push_gap(23);
        prose.push_source(", done", 30);
        assert_eq!(prose.text(), "Run now. Then, done");
    }
}
