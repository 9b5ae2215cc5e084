//! The human format: `file:line:column: severity[rule]: message`, the source line with a caret line under the
//! sentence, and a hint; colour when asked for (the binary decides: a terminal and no `NO_COLOR`).

use std::io::{self, Write};

use crate::check::{Exemption, Finding, Severity};

#[derive(Clone, Copy, Debug, Default)]
pub struct HumanOptions {
    pub color: bool,
}

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

/// Writes every finding with its source line; `source` gives a file's text (for the excerpt).
pub fn human(
    out: &mut dyn Write,
    findings: &[Finding],
    exemptions: &[Exemption],
    source: &dyn Fn(&str) -> Option<String>,
    options: HumanOptions,
) -> io::Result<()> {
    let paint = Paint(options.color);
    let mut cached: Option<(String, Option<String>)> = None;
    for f in findings {
        if cached.as_ref().is_none_or(|(name, _)| name != &f.file) {
            cached = Some((f.file.clone(), source(&f.file)));
        }
        let text = cached.as_ref().and_then(|(_, t)| t.as_deref());
        let (sev, code) = match f.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
            Severity::Note => ("note", "1;36"),
        };
        let l = &f.location;
        writeln!(
            out,
            "{}:{}:{}: {}: {}",
            f.file,
            l.line,
            l.column,
            paint.wrap(code, &format!("{sev}[{}]", f.rule.id())),
            paint.wrap("1", &f.message)
        )?;
        let width = l.end_line.max(l.line).to_string().len();
        match text.and_then(|t| t.lines().nth(l.line - 1)) {
            Some(line) => {
                let line = line.trim_end_matches('\r');
                let chars = line.chars().count();
                let end = if l.end_line == l.line { l.end_column.min(chars + 1) } else { chars + 1 };
                let carets = end.saturating_sub(l.column).max(1);
                writeln!(out, "{:>width$} | {}", l.line, line)?;
                writeln!(
                    out,
                    "{:>width$} | {}{}",
                    "",
                    caret_padding(line, l.column),
                    paint.wrap(code, &"^".repeat(carets))
                )?;
            }
            None => writeln!(out, "{:>width$} | {}", "", f.sentence)?,
        }
        writeln!(out, "{:>width$} = {} {}", "", paint.wrap("1", "hint:"), f.hint)?;
        writeln!(out)?;
    }
    for e in exemptions {
        writeln!(out, "{}:{}:{}: exempted: {}", e.file, e.line, e.column, e.reason)?;
    }
    Ok(())
}

/// Spaces up to a column, keeping tabs so the caret lines up under the source line.
fn caret_padding(line: &str, column: usize) -> String {
    line.chars().take(column.saturating_sub(1)).map(|c| if c == '\t' { '\t' } else { ' ' }).collect()
}
