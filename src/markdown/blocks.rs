//! From pulldown-cmark events to prose blocks.
//!
//! Owns the walk over the parser's offset iterator: which events are prose (paragraphs, headings, list items,
//! block quotes, table cells, footnote text), which are not (code, raw HTML, link and image targets, image
//! descriptions), and where HTML comments sit relative to the prose. It does not split sentences or read
//! directives. The invariant: blocks come out in document order, a block never holds text from two Markdown
//! blocks, and every comment is recorded at the text offset where it appeared in its block.

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::html;
use super::prose::Prose;
use super::{BlockKind, Span};

/// The prose of one Markdown block, with what was found inside it.
#[derive(Debug)]
pub(super) struct Block {
    pub(super) kind: BlockKind,
    pub(super) prose: Prose,
    pub(super) links: Vec<LinkAt>,
    pub(super) comments: Vec<CommentAt>,
}

impl Block {
    fn new(kind: BlockKind) -> Self {
        Block { kind, prose: Prose::default(), links: Vec::new(), comments: Vec::new() }
    }
}

/// A link and the text range that its visible text occupies in the block.
#[derive(Debug)]
pub(super) struct LinkAt {
    pub(super) url: String,
    pub(super) span: Span,
    pub(super) text: (usize, usize),
}

/// An HTML comment: its inner text, where it is in the draft, and where in the block's text it appeared.
#[derive(Debug)]
pub(super) struct CommentAt {
    pub(super) body: String,
    pub(super) span: Span,
    pub(super) at: usize,
}

/// The prose blocks of `text[base..]`, with offsets into `text`.
pub(super) fn walk(text: &str, base: usize) -> Vec<Block> {
    let body = &text[base..];
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM;
    let mut walker = Walker { text, blocks: Vec::new(), ..Walker::default() };
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        walker.event(event, range.start + base..range.end + base);
    }
    walker.flush();
    walker.blocks
}

#[derive(Default)]
struct Walker<'t> {
    text: &'t str,
    blocks: Vec<Block>,
    current: Option<Block>,
    /// Innermost list item or block quote, for the context of the prose inside.
    containers: Vec<BlockKind>,
    /// The leaf block being read, when it decides the context itself (a heading, a table cell).
    leaf: Option<BlockKind>,
    in_code: bool,
    images: usize,
    links: Vec<OpenLink>,
    /// Lines of the HTML block being read, with their source offsets.
    html: Option<Vec<(usize, usize)>>,
}

struct OpenLink {
    url: String,
    span: Span,
    text_start: usize,
    /// An autolink's text is its URL, which is not prose.
    autolink: bool,
}

impl Walker<'_> {
    fn event(&mut self, event: Event<'_>, range: std::ops::Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(s) => {
                if self.in_code || self.images > 0 || self.links.last().is_some_and(|l| l.autolink) {
                    return;
                }
                let source = &self.text[range.clone()];
                let prose = &mut self.block().prose;
                if source == &*s {
                    prose.push_source(&s, range.start);
                } else if source.strip_prefix('\\') == Some(&*s) {
                    // A backslash escape whose range includes the backslash.
                    prose.push_source(&s, range.start + 1);
                } else {
                    prose.push_replacement(&s, range);
                }
            }
            Event::Code(_) | Event::FootnoteReference(_) | Event::InlineMath(_) | Event::DisplayMath(_) => {
                self.block().prose.push_gap(range.start);
            }
            Event::SoftBreak | Event::HardBreak => self.block().prose.push_space(range),
            Event::InlineHtml(s) => self.inline_html(&s, range),
            Event::Html(_) => {
                if let Some(lines) = &mut self.html {
                    lines.push((range.start, range.end));
                }
            }
            Event::Rule => self.flush(),
            Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: std::ops::Range<usize>) {
        match tag {
            Tag::Paragraph => self.flush(),
            Tag::Heading { level, .. } => {
                self.flush();
                self.leaf = Some(BlockKind::Heading(level as u8));
            }
            Tag::TableCell => {
                self.flush();
                self.leaf = Some(BlockKind::TableCell);
            }
            Tag::Item => {
                self.flush();
                self.containers.push(BlockKind::ListItem);
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.containers.push(BlockKind::BlockQuote);
            }
            Tag::CodeBlock(_) => {
                self.flush();
                self.in_code = true;
            }
            Tag::HtmlBlock => {
                self.flush();
                self.html = Some(Vec::new());
            }
            Tag::Link { link_type, dest_url, .. } => {
                let text_start = self.block().prose.len();
                let autolink = matches!(link_type, LinkType::Autolink | LinkType::Email);
                let span = Span { start: range.start, end: range.end };
                self.links.push(OpenLink { url: dest_url.into_string(), span, text_start, autolink });
            }
            Tag::Image { .. } => {
                self.block().prose.push_gap(range.start);
                self.images += 1;
            }
            Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Superscript | Tag::Subscript => {}
            Tag::List(_)
            | Tag::FootnoteDefinition(_)
            | Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_) => self.flush(),
        }
    }

    fn end(&mut self, tag: TagEnd, range: std::ops::Range<usize>) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell => {
                self.flush();
                self.leaf = None;
            }
            TagEnd::Item | TagEnd::BlockQuote(_) => {
                self.flush();
                self.containers.pop();
            }
            TagEnd::CodeBlock => self.in_code = false,
            TagEnd::HtmlBlock => self.html_block(),
            TagEnd::Link => {
                let Some(link) = self.links.pop() else { return };
                let prose = &mut self.block().prose;
                if link.autolink {
                    prose.push_gap(range.end);
                }
                let text = (link.text_start, prose.len());
                self.block().links.push(LinkAt { url: link.url, span: link.span, text });
            }
            TagEnd::Image => self.images = self.images.saturating_sub(1),
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Superscript | TagEnd::Subscript => {}
            TagEnd::List(_)
            | TagEnd::FootnoteDefinition
            | TagEnd::Table
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::MetadataBlock(_) => self.flush(),
        }
    }

    fn inline_html(&mut self, s: &str, range: std::ops::Range<usize>) {
        let block = self.block();
        if let Some(body) = s.strip_prefix("<!--") {
            let body = body.strip_suffix("-->").unwrap_or(body);
            let at = block.prose.len();
            block.comments.push(CommentAt {
                body: body.to_string(),
                span: Span { start: range.start, end: range.end },
                at,
            });
        } else if html::is_line_break(s) {
            block.prose.push_space(range);
        }
    }

    /// An HTML block is not prose, with one exception: a block that starts with a comment ends at the line
    /// where the comment closes, and whatever follows the comment on that line is shown by a browser.
    fn html_block(&mut self) {
        let lines = self.html.take().unwrap_or_default();
        let kind = self.context();
        let mut block = Block::new(kind);
        let raw: Vec<(&str, usize)> = lines.iter().map(|&(s, e)| (&self.text[s..e], s)).collect();
        let keep_text = raw.first().is_some_and(|(line, _)| line.trim_start().starts_with("<!--"));
        html::read_block(&raw, keep_text, &mut block.prose, &mut block.comments);
        self.blocks.push(block);
    }

    fn context(&self) -> BlockKind {
        self.leaf.or_else(|| self.containers.last().copied()).unwrap_or(BlockKind::Paragraph)
    }

    /// The block that text goes into, opened on first use: a tight list item has text but no paragraph.
    fn block(&mut self) -> &mut Block {
        let kind = self.context();
        self.current.get_or_insert_with(|| Block::new(kind))
    }

    fn flush(&mut self) {
        // Links close inside their block, so none can be open here unless the input nests them oddly.
        self.links.clear();
        if let Some(block) = self.current.take() {
            self.blocks.push(block);
        }
    }
}
