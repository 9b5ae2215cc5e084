//! The human format: `file:line:column: severity[rule]: message`, the lines of the sentence with a caret line
//! under each, and a hint; colour when asked for (the binary decides: `--color`, `NO_COLOR`, a terminal).
//!
//! Two promises shape this printer. Nothing from a draft or the ledger reaches the terminal with its control
//! characters ([`super::escape`]), and carets stand under what they mark however wide its characters are
//! (CJK and emoji take two columns, combining marks none). And the output stays linear in the draft: a line is
//! found through an index of line starts, never by counting lines from the top, and what one finding quotes is
//! bounded (a window around its span on a long line, at most [`MAX_ROWS`] lines of a long sentence, capped
//! message and hint), so a draft whose sentences repeat or carry thousands of links cannot make the report
//! grow faster than the draft.

use std::io::{self, Write};

use super::escape::{self, Shown};
use crate::check::{Exemption, Finding, Severity};

#[derive(Clone, Copy, Debug, Default)]
pub struct HumanOptions {
    pub color: bool,
}

/// A line no longer than this (in bytes) is shown whole; a longer one as a window around the span.
const WHOLE_LINE: usize = 240;
/// Characters of context kept on each side of the span in a window.
const CONTEXT: usize = 24;
/// Characters of one span shown on one line at most.
const SPAN_MAX: usize = 320;
/// Lines of one sentence shown at most (the first ones, then the last).
const MAX_ROWS: usize = 6;
/// Characters of a message, hint or exemption reason shown at most.
const TEXT_MAX: usize = 1000;

struct Paint(bool);

impl Paint {
    fn wrap(&self, code: &str, text: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
}

/// A file's text with the byte offsets at which its lines start.
struct Lines {
    text: String,
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: String) -> Lines {
        let mut starts = vec![0];
        starts.extend(text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1));
        Lines { text, starts }
    }

    /// The 0-based line holding a byte offset.
    fn line_of(&self, byte: usize) -> usize {
        self.starts.partition_point(|s| *s <= byte) - 1
    }

    /// The byte range of a 0-based line, without its line break.
    fn range(&self, line: usize) -> Option<(usize, usize)> {
        let start = *self.starts.get(line)?;
        if start > self.text.len() || (start == self.text.len() && line > 0) {
            return None;
        }
        let mut end = self.starts.get(line + 1).map_or(self.text.len(), |next| next - 1);
        if self.text.as_bytes()[start..end].last() == Some(&b'\r') {
            end -= 1;
        }
        Some((start, end))
    }

    /// The byte range a finding marks: its byte span when that agrees with its line, else its line and column.
    fn span_of(&self, f: &Finding) -> Option<(usize, usize)> {
        let l = &f.location;
        let t = &self.text;
        let (start, end) = (l.start_byte, l.end_byte);
        if start <= end
            && end <= t.len()
            && t.is_char_boundary(start)
            && t.is_char_boundary(end)
            && self.line_of(start) + 1 == l.line
        {
            return Some((start, end));
        }
        let (line_start, line_end) = self.range(l.line.checked_sub(1)?)?;
        let line = &t[line_start..line_end];
        let at =
            |column: usize| line.char_indices().nth(column.saturating_sub(1)).map_or(line_end, |(i, _)| line_start + i);
        let start = at(l.column);
        let end = if l.end_line == l.line { at(l.end_column).max(start) } else { line_end };
        Some((start, end))
    }
}

/// Writes every finding with the lines it marks; `source` gives a file's text (for the excerpt).
pub fn human(
    out: &mut dyn Write,
    findings: &[Finding],
    exemptions: &[Exemption],
    source: &dyn Fn(&str) -> Option<String>,
    options: HumanOptions,
) -> io::Result<()> {
    let paint = Paint(options.color);
    let mut cached: Option<(String, Option<Lines>)> = None;
    for f in findings {
        if cached.as_ref().is_none_or(|(name, _)| name != &f.file) {
            cached = Some((f.file.clone(), source(&f.file).map(Lines::new)));
        }
        let lines = cached.as_ref().and_then(|(_, t)| t.as_ref());
        let (sev, code) = match f.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
            Severity::Note => ("note", "1;36"),
        };
        let l = &f.location;
        writeln!(
            out,
            "{}:{}:{}: {}: {}",
            Shown(&f.file),
            l.line,
            l.column,
            paint.wrap(code, &format!("{sev}[{}]", f.rule.id())),
            paint.wrap("1", &escape::terminal_capped(&f.message, TEXT_MAX))
        )?;
        let rows = lines.and_then(|lines| Some(excerpt(lines, lines.span_of(f)?)));
        let last = rows.as_ref().and_then(|r| r.iter().filter_map(|row| row.number).max()).unwrap_or(l.line);
        let width = last.max(l.end_line).max(l.line).to_string().len();
        match rows {
            Some(rows) => {
                for row in rows {
                    match row.number {
                        Some(n) => writeln!(out, "{n:>width$} | {}", row.text)?,
                        None => writeln!(out, "{:>width$} | {}", "", row.text)?,
                    }
                    if !row.carets.is_empty() {
                        writeln!(out, "{:>width$} | {}{}", "", row.padding, paint.wrap(code, &row.carets))?;
                    }
                }
            }
            None => writeln!(out, "{:>width$} | {}", "", escape::terminal_capped(&f.sentence, SPAN_MAX))?,
        }
        writeln!(out, "{:>width$} = {} {}", "", paint.wrap("1", "hint:"), escape::terminal_capped(&f.hint, TEXT_MAX))?;
        writeln!(out)?;
    }
    for e in exemptions {
        writeln!(
            out,
            "{}:{}:{}: exempted: {}",
            Shown(&e.file),
            e.line,
            e.column,
            escape::terminal_capped(&e.reason, TEXT_MAX)
        )?;
    }
    Ok(())
}

/// One printed line of an excerpt: a source line (with its number) and the carets under it, or an elision.
struct Row {
    number: Option<usize>,
    text: String,
    padding: String,
    carets: String,
}

/// The rows that show the byte range `start..end`: every line it touches (the first [`MAX_ROWS`] - 1 and the
/// last when there are more), each with carets under the part of the range on it.
fn excerpt(lines: &Lines, (start, end): (usize, usize)) -> Vec<Row> {
    let first = lines.line_of(start);
    let last = if end > start { lines.line_of(end - 1) } else { first };
    let mut shown: Vec<usize> = (first..=last).collect();
    let mut elided = 0;
    if shown.len() > MAX_ROWS {
        elided = shown.len() - MAX_ROWS;
        shown.drain(MAX_ROWS - 1..shown.len() - 1);
    }
    let mut rows = Vec::with_capacity(shown.len() + 1);
    for (i, n) in shown.iter().copied().enumerate() {
        if elided > 0 && i == MAX_ROWS - 1 {
            rows.push(Row {
                number: None,
                text: format!("… ({elided} more lines)"),
                padding: String::new(),
                carets: String::new(),
            });
        }
        let Some((line_start, line_end)) = lines.range(n) else { continue };
        let line = &lines.text[line_start..line_end];
        let from = if n == first {
            start - line_start
        } else {
            // A continuation line: mark from its first character after indentation and quote markers.
            line.find(|c: char| !c.is_whitespace() && c != '>').unwrap_or(0)
        };
        let to = if n == last { end.min(line_end) - line_start } else { line.trim_end().len() };
        rows.push(row(n + 1, line, from.min(line.len()), to.max(from).min(line.len())));
    }
    rows
}

/// One source line with carets under `from..to` (byte offsets in the line): the whole line when it is short,
/// else a window around the marked part with `…` where the line was cut.
fn row(number: usize, line: &str, from: usize, to: usize) -> Row {
    let (shown_from, shown_to, marked_to) = if line.len() <= WHOLE_LINE {
        (0, line.len(), to)
    } else {
        let before = line[..from].char_indices().rev().nth(CONTEXT - 1).map_or(0, |(i, _)| i);
        let marked_to = line[from..to].char_indices().nth(SPAN_MAX).map_or(to, |(i, _)| from + i);
        let after = line[marked_to..].char_indices().nth(CONTEXT).map_or(line.len(), |(i, _)| marked_to + i);
        (before, after, marked_to)
    };
    let mut text = String::new();
    let mut padding = String::new();
    let mut carets = String::new();
    if shown_from > 0 {
        text.push('…');
        padding.push(' ');
    }
    for (i, c) in line[shown_from..shown_to].char_indices() {
        let at = shown_from + i;
        escape::push_char(&mut text, c);
        let w = escape::width(c);
        if at < from {
            // Tabs are kept in the padding so that the carets line up whatever the tab stops.
            if c == '\t' {
                padding.push('\t');
            } else {
                padding.extend(std::iter::repeat_n(' ', w));
            }
        } else if at < marked_to {
            carets.extend(std::iter::repeat_n('^', w));
        }
    }
    if shown_to < line.len() {
        text.push('…');
    }
    if carets.is_empty() {
        carets.push('^');
    }
    Row { number: Some(number), text, padding, carets }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{Location, Rule};

    fn finding(text: &str, start: usize, end: usize) -> Finding {
        let pos = |byte: usize| {
            let before = &text[..byte];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().unwrap().chars().count() + 1;
            (line, column)
        };
        let ((line, column), (end_line, end_column)) = (pos(start), pos(end));
        Finding {
            rule: Rule::UnsourcedClaim,
            severity: Severity::Error,
            file: "d.md".into(),
            location: Location { line, column, end_line, end_column, start_byte: start, end_byte: end },
            sentence: text[start..end].into(),
            message: "m".into(),
            hint: "h".into(),
            claims: vec![],
            suppressed: None,
        }
    }

    fn render(text: &str, findings: &[Finding]) -> String {
        let mut out = Vec::new();
        let source = |_: &str| Some(text.to_owned());
        human(&mut out, findings, &[], &source, HumanOptions::default()).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_sentence_over_lines_is_shown_whole() {
        let text = "Intro.\nThe ministry said exports\n  rose 12 percent in\n  2024. Then more.\n";
        let start = text.find("The").unwrap();
        let end = text.find("2024.").unwrap() + 5;
        assert_eq!(
            render(text, &[finding(text, start, end)]),
            "d.md:2:1: error[unsourced-claim]: m\n\
             2 | The ministry said exports\n  | ^^^^^^^^^^^^^^^^^^^^^^^^^\n\
             3 |   rose 12 percent in\n  |   ^^^^^^^^^^^^^^^^^^\n\
             4 |   2024. Then more.\n  |   ^^^^^\n  = h\n\n"
                .replace("= h", "= hint: h")
        );
    }

    #[test]
    fn carets_stand_under_wide_characters() {
        let text = "前文。東京の人口は1400万人です。\n";
        let start = text.find('東').unwrap();
        let end = text.len() - 1;
        let out = render(text, &[finding(text, start, end)]);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[1], "1 | 前文。東京の人口は1400万人です。");
        // 前文。 is six columns wide; the sentence is 2 * 11 + 4 = 26 columns.
        assert_eq!(lines[2], format!("  | {}{}", " ".repeat(6), "^".repeat(26)));
        let emoji = "🙂🙂 Exports rose 12 percent.\n";
        let start = emoji.find('E').unwrap();
        let out = render(emoji, &[finding(emoji, start, emoji.len() - 1)]);
        assert_eq!(out.lines().nth(2).unwrap(), format!("  | {}{}", " ".repeat(5), "^".repeat(24)));
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        let text = "T \x1b]0;pwned\x07 \x1b[2J in 1992.\n";
        let mut f = finding(text, 0, text.len() - 1);
        f.file = "a\x1b[31m.md".into();
        f.hint = "claim: \"\x1b[2J\"".into();
        let out = render(text, &[f]);
        assert!(!out.contains('\x1b') && !out.contains('\x07'), "{out:?}");
        assert!(out.starts_with("a\\x1b[31m.md:1:1:"), "{out}");
        assert!(out.contains("1 | T \\x1b]0;pwned\\x07 \\x1b[2J in 1992."), "{out}");
        // The carets cover the escapes as shown.
        let shown = escape::terminal(&text[..text.len() - 1]).chars().count();
        assert!(out.contains(&format!("  | {}\n", "^".repeat(shown))), "{out}");
    }

    #[test]
    fn long_lines_and_long_sentences_are_bounded() {
        let mut text = "Exports rose 12 percent".to_owned();
        for i in 0..2000 {
            text.push_str(&format!(" [{i}](https://example.org/{i})"));
        }
        text.push_str(".\n");
        let at = text.find("[1000]").unwrap();
        let link = finding(&text, at, at + "[1000](https://example.org/1000)".len());
        let whole = finding(&text, 0, text.len() - 1);
        let out = render(&text, &[link, whole]);
        // Two findings, each a window of at most SPAN_MAX + 2 * CONTEXT characters and as many carets.
        assert!(out.len() < 2 * 2 * (SPAN_MAX + 2 * CONTEXT + 20) + 200, "{} bytes", out.len());
        let window = out.lines().nth(1).unwrap();
        assert!(window.starts_with("1 | …") && window.ends_with('…'), "{window}");
        assert!(window.contains("org/999) [1000](https://example.org/1000) [1001]"), "{window}");
        let carets = out.lines().nth(2).unwrap();
        assert_eq!(carets.trim_start_matches("  | ").trim_start(), "^".repeat(32));
        let many: String = (0..100).map(|i| format!("line {i} of a sentence\n")).collect();
        let out = render(&many, &[finding(&many, 0, many.len() - 1)]);
        assert_eq!(out.lines().filter(|l| l.contains(" | line ")).count(), MAX_ROWS);
        assert!(out.contains("| … (94 more lines)"), "{out}");
        assert!(out.contains("100 | line 99 of a sentence"), "{out}");
    }

    #[test]
    fn a_missing_source_falls_back_to_the_sentence() {
        let f = finding("One.\n", 0, 4);
        let mut out = Vec::new();
        human(&mut out, &[f], &[], &|_| None, HumanOptions::default()).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "d.md:1:1: error[unsourced-claim]: m\n  | One.\n  = hint: h\n\n");
    }

    #[test]
    fn many_findings_in_a_long_draft_take_linear_time() {
        // One finding on each of 100,000 lines: counting lines from the top for each (as the printer once did)
        // is 5 billion line steps, minutes; with the line index it is a fraction of a second. The deadline is
        // generous for a debug build on a loaded machine and still far below the quadratic cost.
        let text: String = (0..100_000).map(|i| format!("Exports rose {i} percent in 2024.\n")).collect();
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let findings: Vec<Finding> = starts[..starts.len() - 1]
            .iter()
            .zip(&starts[1..])
            .map(|(a, b)| {
                let mut f = finding("x", 0, 1);
                let line = starts.partition_point(|s| s <= a);
                f.location =
                    Location { line, column: 1, end_line: line, end_column: b - a, start_byte: *a, end_byte: b - 1 };
                f
            })
            .collect();
        let (done, wait) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let out = render(&text, &findings);
            let _ = done.send(out.len());
        });
        let bytes = wait.recv_timeout(std::time::Duration::from_secs(60)).expect("rendered within the deadline");
        assert!(bytes > 100_000 * 60, "{bytes}");
    }
}
