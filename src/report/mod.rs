//! Rendering findings: one printer per output format, all writing to a `Write` so they are easy to snapshot.
//!
//! This is the only stage of the draft pipeline that produces text for the outside world. It does not decide
//! anything: findings arrive complete from [`crate::check`], sorted by file and position.

pub mod escape;
mod human;
mod sarif;

use std::io::{self, Write};

use serde::Serialize;
use serde_json::json;

use crate::check::{Exemption, Finding, Severity};

pub use human::{human, HumanOptions};
pub use sarif::sarif;

/// Counts for a summary line.
pub fn count(findings: &[Finding], severity: Severity) -> usize {
    findings.iter().filter(|f| f.severity == severity).count()
}

#[derive(Serialize)]
struct Tagged<'a, T: Serialize> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(flatten)]
    item: &'a T,
}

/// One JSON object per line: every finding (`"type": "finding"`), then every exemption (`"type": "exemption"`).
/// The line format is described by `schemas/check-output.schema.json`.
pub fn json_lines(out: &mut dyn Write, findings: &[Finding], exemptions: &[Exemption]) -> io::Result<()> {
    for f in findings {
        serde_json::to_writer(&mut *out, &Tagged { kind: "finding", item: f })?;
        out.write_all(b"\n")?;
    }
    for e in exemptions {
        serde_json::to_writer(&mut *out, &Tagged { kind: "exemption", item: e })?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub Actions workflow commands: `::error file=...,line=...,col=...::message`, one per finding, then a
/// `::notice` per exemption so that the pull request shows what its author exempted and why.
pub fn github(out: &mut dyn Write, findings: &[Finding], exemptions: &[Exemption]) -> io::Result<()> {
    for f in findings {
        let level = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let l = &f.location;
        writeln!(
            out,
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&f.file),
            l.line,
            l.column,
            l.end_line,
            l.end_column,
            escape_property(f.rule.id()),
            escape_data(&format!("{}\n{}", f.message, f.hint)),
        )?;
    }
    for e in exemptions {
        let what = if e.rules.is_empty() { "all rules".to_owned() } else { e.rules.join(", ") };
        let scope = if e.sentence.is_some() { "sentence" } else { "passage" };
        writeln!(
            out,
            "::notice file={},line={},col={},title={}::{}",
            escape_property(&e.file),
            e.line,
            e.column,
            escape_property(&format!("claimledger exemption ({what})")),
            escape_data(&format!("{scope} exempted by the author: {}", e.reason)),
        )?;
    }
    Ok(())
}

/// The last line of `--format json`: what the run found, as `{"type": "summary", ...}`.
pub fn json_summary(
    out: &mut dyn Write,
    files: usize,
    findings: &[Finding],
    exemptions: usize,
    suppressed: usize,
) -> io::Result<()> {
    #[derive(Serialize)]
    struct Summary {
        #[serde(rename = "type")]
        kind: &'static str,
        files: usize,
        errors: usize,
        warnings: usize,
        notes: usize,
        exemptions: usize,
        suppressed: usize,
    }
    let line = Summary {
        kind: "summary",
        files,
        errors: count(findings, Severity::Error),
        warnings: count(findings, Severity::Warning),
        notes: count(findings, Severity::Note),
        exemptions,
        suppressed,
    };
    serde_json::to_writer(&mut *out, &line)?;
    out.write_all(b"\n")
}

/// The summary of a run as JSON, for tools that want one document.
pub fn summary(findings: &[Finding], files: usize) -> serde_json::Value {
    json!({
        "files": files,
        "errors": count(findings, Severity::Error),
        "warnings": count(findings, Severity::Warning),
        "notes": count(findings, Severity::Note),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escaping() {
        assert_eq!(escape_data("a%b\nc"), "a%25b%0Ac");
        assert_eq!(escape_property("docs/a,b:c.md"), "docs/a%2Cb%3Ac.md");
    }
}
