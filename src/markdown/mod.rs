//! Markdown drafts to sentences with exact source spans.
//!
//! Owns reading a draft: [`extract`] is a pure function from the draft's text to its prose sentences, each with
//! its byte span, 1-based line and column, links, claim markers and exemption, plus the directive problems and
//! exemptions found on the way. It does not judge sentences (detect does) nor look anything up in the ledger.
//! Prose is what a reader of the rendered page reads: paragraphs, headings, list items, block quotes, table
//! cells and footnote text; code, raw HTML, link and image targets, image descriptions, autolink URLs and front
//! matter are not prose. The invariant: `text[span.start..span.end]` of every sentence starts with the first
//! and ends with the last character of the sentence as written, and `start`/`end` are the positions of
//! `span.start`/`span.end` (so `end` is exclusive, like the span).
//!
//! Directives are HTML comments: `<!-- claim: 3f2a9b -->` binds the sentence before it to a claim,
//! `<!-- claimledger-ignore: REASON -->` exempts the sentence after it, and `<!-- claimledger off: REASON -->` ..
//! `<!-- claimledger on -->` removes a passage (an optional `: REASON` after `off` is kept as the reason).

mod blocks;
mod directives;
mod frontmatter;
mod html;
mod lines;
mod prose;
mod sentences;

use serde::Serialize;

pub use prose::SourceMap;

/// A byte range in the original draft text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// 1-based line and column; the column counts Unicode code points (not bytes) from the line start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// The kind of Markdown block a sentence was read from (the innermost one that holds prose).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum BlockKind {
    Paragraph,
    /// A heading of level 1 to 6.
    Heading(u8),
    ListItem,
    BlockQuote,
    TableCell,
}

/// One sentence of prose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sentence {
    /// The prose as a reader sees it: entities decoded, escapes resolved, emphasis markers, code, link targets
    /// and autolink URLs gone, link text kept, whitespace folded to single spaces.
    pub text: String,
    /// From the first to the last character of the sentence in the draft.
    pub span: Span,
    pub start: Position,
    /// The position of `span.end`, just after the last character.
    pub end: Position,
    /// Links whose text lies (at least partly) in this sentence; an autolink counts at the place it stood.
    pub links: Vec<Link>,
    /// Claim markers that follow this sentence.
    pub claims: Vec<ClaimMarker>,
    /// The reason of the `claimledger-ignore` directive before this sentence, if any.
    pub ignored: Option<String>,
    /// `(rule, reason)` of each `claimledger-ignore RULE: REASON` directive before this sentence: only those
    /// rules are exempted.
    pub ignored_rules: Vec<(String, String)>,
    pub context: BlockKind,
    /// Where each stretch of `text` was written in the draft (for findings about a part of the sentence).
    #[serde(skip)]
    pub map: SourceMap,
}

/// A link in the draft: its destination (reference links resolved) and where the whole link is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    pub url: String,
    pub span: Span,
}

/// `<!-- claim: PREFIX -->`: the prefix as written and where the comment is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimMarker {
    pub prefix: String,
    pub span: Span,
    pub start: Position,
}

/// A malformed or misplaced directive; the rest of the draft is still read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DirectiveProblem {
    pub span: Span,
    pub start: Position,
    pub message: String,
}

/// A `claimledger-ignore` (with the sentence it exempts) or an off..on passage (with `sentence` empty), so
/// that reports can list every exemption. An `off` without a reason (itself a problem) has an empty reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exemption {
    pub reason: String,
    /// The ignore comment, or the passage from the start of `off` to the end of `on` (or of the draft).
    pub span: Span,
    pub start: Position,
    pub sentence: Option<String>,
    /// The rules exempted; empty for all of them.
    pub rules: Vec<String>,
}

/// Everything read from one draft, in document order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Document {
    pub sentences: Vec<Sentence>,
    pub problems: Vec<DirectiveProblem>,
    pub exemptions: Vec<Exemption>,
}

/// Reads a draft.
pub fn extract(text: &str) -> Document {
    let mut index = lines::LineIndex::new(text);
    let blocks = blocks::walk(text, frontmatter::body_start(text));
    let mut placed = Vec::new();
    let mut markers = Vec::new();
    for (b, block) in blocks.into_iter().enumerate() {
        let ranges = sentences::split(block.prose.text());
        let first = placed.len();
        for range in ranges {
            let span = block.prose.source_span(range.clone());
            let sentence = Sentence {
                text: block.prose.text()[range.clone()].to_string(),
                span,
                start: index.position(span.start),
                end: index.position(span.end),
                links: Vec::new(),
                claims: Vec::new(),
                ignored: None,
                ignored_rules: Vec::new(),
                context: block.kind,
                map: block.prose.map_of(range.clone()),
            };
            placed.push(directives::Placed { block: b, range: (range.start, range.end), sentence });
        }
        attach_links(&mut placed[first..], block.links);
        markers.extend(block.comments.into_iter().map(|c| directives::Marker {
            block: b,
            at: c.at,
            body: c.body,
            span: c.span,
        }));
    }
    let (sentences, problems, exemptions) = directives::apply(placed, markers, &mut index, text.len());
    Document { sentences, problems, exemptions }
}

/// Every sentence that the link's text overlaps gets the link; a link without text (an autolink) goes to the
/// sentence around or after the place where it stood, or to the last sentence.
fn attach_links(placed: &mut [directives::Placed], links: Vec<blocks::LinkAt>) {
    for link in links {
        let (from, to) = link.text;
        let first = placed.partition_point(|p| p.range.1 <= from);
        let mut attached = false;
        for p in placed[first..].iter_mut().take_while(|p| p.range.0 < to) {
            p.sentence.links.push(Link { url: link.url.clone(), span: link.span });
            attached = true;
        }
        if !attached {
            if let Some(p) = placed.get_mut(first.min(placed.len().saturating_sub(1))) {
                p.sentence.links.push(Link { url: link.url, span: link.span });
            }
        }
    }
}

/// The position of `byte` in `text`, counted on from a known position `from` of an earlier byte `from_byte`:
/// linear in the distance between them, for positions inside one sentence.
pub fn position_after(text: &str, from_byte: usize, from: Position, byte: usize) -> Position {
    lines::position_after(text, from_byte, from, byte)
}

/// The line and column of a byte offset in `text`; offsets past the end or inside a character are clamped.
/// It reads `text` up to `byte`; for many offsets in one text, reuse positions from [`extract`] instead.
pub fn position_of(text: &str, byte: usize) -> Position {
    lines::position_of(text, byte)
}

#[cfg(test)]
mod tests;
